import type { Rollout } from '../rollout/types';

/**
 * What keeps a rollout stepping between the requests that start it: deployed, one Step Functions
 * execution per run of steps (functions/rollout-step); under `vivified dev`, the local runner.
 */
export interface RolloutDriver {
  /**
   * Called once a rollout is started, resumed or told to roll back. Driving one already driven is
   * harmless: every step is written on the revision it read, so a second runner's step is lost.
   */
  drive(rollout: Rollout): Promise<void>;
}
