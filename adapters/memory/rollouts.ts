import { ConcurrentModificationError } from '../../core/errors';
import type { RolloutStore } from '../../core/ports';
import { FINISHED_PHASES, type Rollout } from '../../core/rollout';

/** Rollouts in a map, one per plugin, written on the same revision rule as the DynamoDB store. */
export function memoryRolloutStore(rollouts = new Map<string, Rollout>()): RolloutStore {
  return {
    async get(pluginId) {
      const rollout = rollouts.get(pluginId);
      return rollout && structuredClone(rollout);
    },

    async save(next) {
      const stored = rollouts.get(next.plan.pluginId);
      if ((stored?.rev ?? 0) !== next.rev - 1) {
        throw new ConcurrentModificationError(
          `The rollout of ${next.plan.pluginId} was changed by someone else; reload and retry.`,
        );
      }
      rollouts.set(next.plan.pluginId, structuredClone(next));
      return next;
    },

    async running() {
      return [...rollouts.values()]
        .filter((rollout) => !FINISHED_PHASES.includes(rollout.phase))
        .sort((a, b) => a.plan.pluginId.localeCompare(b.plan.pluginId))
        .map((rollout) => structuredClone(rollout));
    },
  };
}
