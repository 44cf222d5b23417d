import type { RolloutDriver } from '../../core/ports';

/**
 * The driver of a runner that polls the store (application/rollouts/runner.ts, in `vivified dev`
 * and the tests): it finds every rollout still stepping on its next round by itself, so a started
 * rollout needs nothing started for it. Deployed, where nothing polls, Step Functions does.
 */
export function polledRolloutDriver(): RolloutDriver {
  return { drive: async () => undefined };
}
