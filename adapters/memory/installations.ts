import { ConcurrentModificationError, ConflictError, NotFoundError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import type { InstallationStore } from '../../core/ports';
import { byKey, copy, pageOf } from './cursor';
import { type RegistryState, versionKey } from './registry';

const key = (tenantId: string, pluginId: string) => `${tenantId}/${pluginId}`;

/** Counts an installation on (or off) its catalog entry, as the DynamoDB store does in the same transaction. */
function count(state: RegistryState, pluginId: string, by: 1 | -1) {
  const entry = state.entries.get(pluginId);
  if (entry) state.entries.set(pluginId, { ...entry, installationCount: entry.installationCount + by });
}

export function memoryInstallationStore(state: RegistryState): InstallationStore {
  return {
    async create(installation) {
      const at = key(installation.tenantId, installation.pluginId);
      if (state.installations.has(at)) {
        throw new ConflictError(`Plugin ${installation.pluginId} is already installed for this tenant.`);
      }
      if (!state.versions.has(versionKey(installation.pluginId, installation.pluginVersion))) {
        throw new NotFoundError(
          `Plugin ${installation.pluginId}@${installation.pluginVersion} is not in the catalog.`,
        );
      }
      if (state.entries.get(installation.pluginId)?.status !== 'available') {
        throw new NotFoundError(`Plugin ${installation.pluginId} is not available in the catalog.`);
      }
      state.installations.set(at, copy(installation));
      count(state, installation.pluginId, 1);
    },

    async get(tenantId, pluginId) {
      const installation = state.installations.get(key(tenantId, pluginId));
      return installation && copy(installation);
    },

    async list(tenantId, limit, cursor) {
      const mine = byKey(
        [...state.installations.values()]
          .filter((i) => i.tenantId === tenantId)
          .map((i) => [i.pluginId, i] as const),
      );
      const page = pageOf(mine, `installations/${tenantId}`, limit, cursor);
      return { ...page, items: page.items.map(copy) };
    },

    async *inState(wanted) {
      const matching = byKey(
        [...state.installations.values()]
          .filter((i) => i.state === wanted)
          .map((i) => [`${i.tenantId}#${i.pluginId}`, i] as const),
      );
      for (const [, installation] of matching) yield copy(installation);
    },

    async save(next) {
      const at = key(next.tenantId, next.pluginId);
      if (state.installations.get(at)?.rev !== next.rev - 1) {
        throw new ConcurrentModificationError(
          `Installation ${next.pluginId} was changed by someone else; reload and retry.`,
        );
      }
      state.installations.set(at, copy(next));
      return next;
    },

    async remove(current: Installation) {
      const at = key(current.tenantId, current.pluginId);
      if (state.installations.get(at)?.rev !== current.rev) {
        throw new ConcurrentModificationError(
          `Installation ${current.pluginId} was changed by someone else; retry.`,
        );
      }
      state.installations.delete(at);
      count(state, current.pluginId, -1);
    },
  };
}
