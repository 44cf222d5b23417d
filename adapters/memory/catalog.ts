// The same comparison the DynamoDB catalog orders versions by, by the same small path.
import compareVersions from 'semver/functions/compare';
import { ConflictError, NotFoundError } from '../../core/errors';
import { CATEGORY_OF_CONTRACT, type PluginManifest } from '../../core/manifest/types';
import type { CatalogEntry, CatalogStore } from '../../core/ports';
import { byKey, copy, pageOf } from './cursor';
import { type RegistryState, type StoredEntry, versionKey } from './registry';

const summary = (manifest: PluginManifest) => ({
  name: manifest.name,
  description: manifest.description,
  contracts: [...manifest.contracts],
  categories: manifest.contracts.map((c) => CATEGORY_OF_CONTRACT[c]),
  traits: [...manifest.traits],
  searchText: `${manifest.id} ${manifest.name} ${manifest.description ?? ''}`.toLowerCase(),
});

const visible = ({ searchText: _s, ...entry }: StoredEntry): CatalogEntry => copy(entry);

export function memoryCatalogStore(state: RegistryState): CatalogStore {
  return {
    async register(manifest, registeredBy, now) {
      const current = state.entries.get(manifest.id);
      if (current?.status === 'deleting') throw new ConflictError(`Plugin ${manifest.id} is being deleted.`);
      if (current?.versions.includes(manifest.version)) {
        throw new ConflictError(`Plugin ${manifest.id} version ${manifest.version} is already registered.`);
      }
      const versions = [...(current?.versions ?? []), manifest.version].sort(compareVersions);
      const latest = versions.at(-1)!;
      const entry: StoredEntry = copy({
        ...(current ?? { installationCount: 0, registeredAt: now, status: 'available' as const }),
        ...(latest === manifest.version || !current ? summary(manifest) : {}),
        pluginId: manifest.id,
        latestVersion: latest,
        versions,
        registeredBy,
      } as StoredEntry);
      state.versions.set(versionKey(manifest.id, manifest.version), copy(manifest));
      state.entries.set(manifest.id, entry);
      return visible(entry);
    },

    async get(pluginId) {
      const entry = state.entries.get(pluginId);
      return entry && visible(entry);
    },

    async getManifest(pluginId, version) {
      const manifest = state.versions.get(versionKey(pluginId, version));
      return manifest && copy(manifest);
    },

    async list(filter, limit, cursor) {
      const text = filter.text?.toLowerCase();
      const matching = byKey(state.entries).filter(
        ([, e]) =>
          e.status === 'available' &&
          (!filter.contract || e.contracts.includes(filter.contract)) &&
          (!filter.category || e.categories.includes(filter.category)) &&
          (!filter.trait || e.traits.includes(filter.trait)) &&
          (!text || e.searchText.includes(text)),
      );
      const page = pageOf(matching, 'catalog', limit, cursor);
      return { ...page, items: page.items.map(visible) };
    },

    async delete(pluginId) {
      const entry = state.entries.get(pluginId);
      if (!entry) throw new NotFoundError(`Plugin ${pluginId} is not in the catalog.`);
      if (entry.installationCount !== 0) {
        throw new ConflictError(
          `Plugin ${pluginId} is installed by ${entry.installationCount} tenant(s); uninstall it everywhere first.`,
        );
      }
      for (const version of entry.versions) state.versions.delete(versionKey(pluginId, version));
      state.entries.delete(pluginId);
    },
  };
}
