import type { Rollout, RolloutPhase } from './types';

/** The phases in which a step can change something; in any other a rollout waits for a command. */
export const STEPPING_PHASES: readonly RolloutPhase[] = ['pending', 'upgrading', 'soaking', 'rolling_back'];

/**
 * How far apart steps are while a wave upgrades or rolls back, and at most while it soaks: the
 * gates are read at each step, so this is how long an Unhealthy new version can go unnoticed.
 */
export const STEP_SECONDS = 60;

/**
 * Steps one deployed runner execution takes before it hands over to a fresh one. A Standard
 * Step Functions execution keeps at most 25,000 history events and each step writes under ten
 * (docs/rollouts.md), so 1,000 steps leave room for retries.
 */
export const STEPS_PER_RUN = 1_000;

export interface Pace {
  /** Nothing more to step: the rollout is finished, paused, halted, or gone. */
  readonly done: boolean;
  /** How long to wait before the next step. */
  readonly waitSeconds: number;
}

/**
 * When a runner next steps a rollout: soon while it upgrades or rolls back, at the end of a soak
 * when that comes first, never once it stops stepping (a resume or rollback starts it again).
 */
export function paceOf(rollout: Rollout | undefined, now: Date): Pace {
  if (!rollout || !STEPPING_PHASES.includes(rollout.phase)) return { done: true, waitSeconds: 0 };
  const soakLeft =
    rollout.phase === 'soaking' && rollout.soakUntil
      ? Math.ceil((Date.parse(rollout.soakUntil) - now.getTime()) / 1000)
      : STEP_SECONDS;
  return { done: false, waitSeconds: Math.min(STEP_SECONDS, Math.max(1, soakLeft)) };
}

/** Where one run of the deployed runner is: the state machine's input and each step's output. */
export interface RunnerPosition {
  readonly pluginId: string;
  /** Steps this run has taken. */
  readonly steps: number;
}

export interface RunnerNext extends RunnerPosition, Pace {
  /** This run has taken STEPS_PER_RUN steps: a fresh execution carries on from the store. */
  readonly handOver: boolean;
}

/** After a step of a run: whether and when the run steps again, or hands over to a fresh one. */
export function nextOfRun(at: RunnerPosition, rollout: Rollout | undefined, now: Date): RunnerNext {
  const pace = paceOf(rollout, now);
  const steps = at.steps + 1;
  return { pluginId: at.pluginId, steps, ...pace, handOver: !pace.done && steps >= STEPS_PER_RUN };
}
