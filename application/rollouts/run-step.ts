import { nextOfRun, type RunnerNext, type RunnerPosition } from '../../core/rollout';
import type { RolloutDeps } from './deps';
import { tick } from './tick';

/**
 * One step of the deployed runner (lib/constructs/rollout-runner.ts): a tick, then whether and
 * when the state machine steps again. A tick that throws fails the step, which the state machine
 * retries; what it did before failing is safe to do again (tick.ts).
 */
export async function runStep(deps: RolloutDeps, at: RunnerPosition): Promise<RunnerNext> {
  const rollout = await tick(deps, at.pluginId);
  return nextOfRun(at, rollout, deps.now());
}
