import type { Rollout } from '../rollout/types';

/**
 * The rollout of each plugin, one at a time: the latest one per plugin is kept, and a new one
 * replaces it only once it is finished. Every write is conditional on the revision read, so of two
 * ticks (or a tick and an operator's command) on the same state exactly one is written.
 */
export interface RolloutStore {
  get(pluginId: string): Promise<Rollout | undefined>;
  /**
   * Writes `next` only if the stored rollout's revision is still `next.rev - 1` (nothing stored
   * when `next.rev` is 1); otherwise a ConcurrentModificationError.
   */
  save(next: Rollout): Promise<Rollout>;
  /** The rollouts not yet finished, for the runner to step. */
  running(): Promise<Rollout[]>;
}
