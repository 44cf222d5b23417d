import type { ErrorLog } from '../observability';
import type { RolloutDeps } from './deps';
import { tick } from './tick';

/**
 * The local runner (`vivified dev`; deployed, Step Functions calls `tick` instead): every interval,
 * one tick for each running rollout. Its state is all in the store, so a restarted runner — or a
 * second one — resumes where the last write left off.
 */
export function rolloutRunner(deps: RolloutDeps & { readonly logger: ErrorLog }, intervalMs: number) {
  let current: Promise<void> | undefined;
  async function steps() {
    for (const rollout of await deps.rollouts.running()) {
      await tick(deps, rollout.plan.pluginId).catch((error: Error) =>
        deps.logger.error('Rollout step failed', { pluginId: rollout.plan.pluginId, error }),
      );
    }
  }
  /** One round; while one is under way, another call waits for it instead of overlapping it. */
  function round(): Promise<void> {
    current ??= steps().finally(() => {
      current = undefined;
    });
    return current;
  }
  const timer = setInterval(
    () =>
      void round().catch((error: Error) =>
        deps.logger.error('Rollout round failed', { pluginId: '*', error }),
      ),
    intervalMs,
  );
  timer.unref();
  // Stopping waits for a round under way, so nothing acts on a platform that is shutting down.
  return {
    round,
    stop: async () => {
      clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
