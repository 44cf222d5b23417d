import LRUMap from 'mnemonist/lru-map';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { CatalogStore, InstallationStore } from '../../core/ports';
import type { RegistryChange, RegistryChanges } from '../registry-changes';

export interface RegistryReadsOptions {
  /**
   * How long an installation's record is reused: the bound within which a container refuses an
   * installation disabled or uninstalled by another container (the lifecycle's). @default 5 000 ms
   */
  readonly installationTtlMs?: number;
  /**
   * How long a manifest version is reused. A version is never changed in place, but a plugin may be
   * deleted (once no tenant has it) and the same version registered again. @default 60 000 ms
   */
  readonly manifestTtlMs?: number;
  /** Installations held at most (least recently used go first). @default 1 000 */
  readonly maxInstallations?: number;
  /** Manifest versions held at most. @default 200 */
  readonly maxManifests?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The registry as the lanes read it, from a per-container cache, and how it is told of changes. */
export interface RegistryReads {
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  /** Forgets what is held of what changed (application/registry-changes.ts announces it). */
  forget(change: RegistryChange): void;
}

interface Held<T> {
  readonly value: T | undefined;
  readonly expiresAt: number;
}

/**
 * The installation and manifest records every lane call reads, held per container for a short,
 * stated time: two consistent reads off the critical path of a warm call (bench/RESULTS.md,
 * docs/caches.md). Only what exists is held, so an installation made or enabled meanwhile is seen
 * on its first call; a change is seen within the TTL, or at once when it was made in this process.
 */
export function registryReads(
  stores: {
    readonly installations: Pick<InstallationStore, 'get'>;
    readonly catalog: Pick<CatalogStore, 'getManifest'>;
    /** The changes made in this process, which the cache forgets at once. */
    readonly registryChanges?: Pick<RegistryChanges, 'onChange'>;
  },
  options: RegistryReadsOptions = {},
): RegistryReads {
  const now = options.now ?? Date.now;
  const installationTtlMs = options.installationTtlMs ?? 5_000;
  const manifestTtlMs = options.manifestTtlMs ?? 60_000;
  // mnemonist's LRU map bounds the count; this version has no delete, so forgetting an entry is
  // holding nothing in its place.
  const installations = new LRUMap<string, Held<Installation>>(options.maxInstallations ?? 1_000);
  const manifests = new LRUMap<string, Held<PluginManifest>>(options.maxManifests ?? 200);
  const gone: Held<never> = { value: undefined, expiresAt: 0 };
  const key = (...parts: string[]) => JSON.stringify(parts);
  // A read that was in flight when a change was announced may answer what was there before it:
  // such an answer is used once and not held.
  let changes = 0;

  async function cached<T>(
    entries: LRUMap<string, Held<T>>,
    at: string,
    ttlMs: number,
    read: () => Promise<T | undefined>,
  ) {
    const held = entries.get(at);
    if (held && held.value !== undefined && held.expiresAt > now()) return held.value;
    // The TTL runs from when the read was sent: a change committed before then is in its answer.
    const [asked, seen] = [now(), changes];
    const value = await read();
    if (seen !== changes) return value;
    // What is not there takes no room of its own; it only replaces what was held.
    if (value !== undefined) entries.set(at, { value, expiresAt: asked + ttlMs });
    else if (entries.has(at)) entries.set(at, gone);
    return value;
  }

  const reads: RegistryReads = {
    installations: {
      get: (tenantId, pluginId) =>
        cached(installations, key(tenantId, pluginId), installationTtlMs, () =>
          stores.installations.get(tenantId, pluginId),
        ),
    },
    catalog: {
      getManifest: (pluginId, version) =>
        cached(manifests, key(pluginId, version), manifestTtlMs, () =>
          stores.catalog.getManifest(pluginId, version),
        ),
    },
    forget(change) {
      changes += 1;
      if (change.kind === 'installation') {
        const at = key(change.tenantId, change.pluginId);
        if (installations.has(at)) installations.set(at, gone);
        return;
      }
      for (const at of [...manifests.keys()]) {
        if ((JSON.parse(at) as string[])[0] === change.pluginId) manifests.set(at, gone);
      }
    },
  };
  stores.registryChanges?.onChange((change) => reads.forget(change));
  return reads;
}
