import type { CatalogStore, InstallationStore } from '../core/ports';

/** What changed in the registry: one installation's record, or a plugin's manifests. */
export type RegistryChange =
  | { readonly kind: 'installation'; readonly tenantId: string; readonly pluginId: string }
  | { readonly kind: 'plugin'; readonly pluginId: string };

/** Registry writes made in this process, told to whatever holds registry reads here (the lanes' caches). */
export interface RegistryChanges {
  announce(change: RegistryChange): void;
  /** `listener` hears every change announced from now on. */
  onChange(listener: (change: RegistryChange) => void): void;
}

/**
 * One feed per composed platform. Deployed, the lifecycle runs in a function of its own, so the
 * lanes' containers hear nothing and their caches' TTLs are the bound (docs/caches.md); in one
 * process (`vivified dev`, the test platform) a disable reaches the lanes at once.
 */
export function registryChanges(): RegistryChanges {
  const listeners: Array<(change: RegistryChange) => void> = [];
  return {
    announce: (change) => {
      for (const listener of listeners) listener(change);
    },
    onChange: (listener) => {
      listeners.push(listener);
    },
  };
}

/**
 * The store, announcing each write once it is settled, even a failed one: a write that failed on
 * its condition means the record is not what a reader here may hold.
 */
export function announcingInstallations(
  store: InstallationStore,
  changes: RegistryChanges,
): InstallationStore {
  const settled = async <T>(write: Promise<T>, of: { tenantId: string; pluginId: string }) => {
    try {
      return await write;
    } finally {
      changes.announce({ kind: 'installation', tenantId: of.tenantId, pluginId: of.pluginId });
    }
  };
  return {
    ...store,
    create: (installation) => settled(store.create(installation), installation),
    save: (next) => settled(store.save(next), next),
    remove: (current) => settled(store.remove(current), current),
  };
}

/** The catalog, announcing a plugin's registrations and its deletion (a deleted version may come back changed). */
export function announcingCatalog(store: CatalogStore, changes: RegistryChanges): CatalogStore {
  const settled = async <T>(write: Promise<T>, pluginId: string) => {
    try {
      return await write;
    } finally {
      changes.announce({ kind: 'plugin', pluginId });
    }
  };
  return {
    ...store,
    register: (manifest, registeredBy, now) =>
      settled(store.register(manifest, registeredBy, now), manifest.id),
    delete: (pluginId) => settled(store.delete(pluginId), pluginId),
  };
}
