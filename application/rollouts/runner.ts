import type { ErrorLog } from '../observability';
import type { RolloutDeps } from './deps';
import { tick } from './tick';

/**
 * The local runner (`vivified dev`; deployed, Step Functions calls `tick` instead): every interval,
 * one tick for each running rollout. Its state is all in the store, so a restarted runner — or a
 * second one — resumes where the last write left off.
 */
export function rolloutRunner(deps: RolloutDeps & { readonly logger: ErrorLog }, intervalMs: number) {
  let busy = false;
  async function round() {
    if (busy) return;
    busy = true;
    try {
      for (const rollout of await deps.rollouts.running()) {
        await tick(deps, rollout.plan.pluginId).catch((error: Error) =>
          deps.logger.error('Rollout step failed', { pluginId: rollout.plan.pluginId, error }),
        );
      }
    } finally {
      busy = false;
    }
  }
  const timer = setInterval(() => void round(), intervalMs);
  timer.unref();
  return { round, stop: () => clearInterval(timer) };
}
