import { describe, expect, it } from 'vitest';
import { nextOfRun, paceOf, STEP_SECONDS, STEPS_PER_RUN } from '../../../core/rollout/pace';
import type { Rollout } from '../../../core/rollout/types';
import { later, started, T0 } from './fixtures';

const inPhase = (phase: Rollout['phase'], over: Partial<Rollout> = {}): Rollout => ({
  ...started(),
  phase,
  ...over,
});

describe('the pace of a rollout runner', () => {
  it('steps soon while a rollout starts, upgrades or rolls back', () => {
    for (const phase of ['pending', 'upgrading', 'rolling_back'] as const)
      expect(paceOf(inPhase(phase), T0), phase).toEqual({ done: false, waitSeconds: STEP_SECONDS });
  });

  it('reads the gates at least every step while soaking, and steps at the end of a shorter soak', () => {
    const soaking = (seconds: number) => inPhase('soaking', { soakUntil: later(seconds).toISOString() });
    expect(paceOf(soaking(3600), T0)).toEqual({ done: false, waitSeconds: STEP_SECONDS });
    expect(paceOf(soaking(12.2), T0)).toEqual({ done: false, waitSeconds: 13 });
    // A soak already over is stepped at once (the next step completes it or starts a wave).
    expect(paceOf(soaking(-30), T0)).toEqual({ done: false, waitSeconds: 1 });
    expect(paceOf(inPhase('soaking'), T0)).toEqual({ done: false, waitSeconds: STEP_SECONDS });
  });

  it('stops once nothing a step does can change the rollout', () => {
    for (const phase of ['paused', 'halted', 'completed', 'rolled_back'] as const)
      expect(paceOf(inPhase(phase), T0).done, phase).toBe(true);
    expect(paceOf(undefined, T0)).toEqual({ done: true, waitSeconds: 0 });
  });
});

describe('a run of the deployed runner', () => {
  const soaking = inPhase('soaking', { soakUntil: later(3600).toISOString() });

  it('counts its steps and steps again while the rollout steps', () => {
    expect(nextOfRun({ pluginId: 'notifier', steps: 0 }, soaking, T0)).toEqual({
      pluginId: 'notifier',
      steps: 1,
      done: false,
      waitSeconds: STEP_SECONDS,
      handOver: false,
    });
  });

  it('hands over to a fresh run at its step limit, and ends instead when nothing is left to step', () => {
    const last = { pluginId: 'notifier', steps: STEPS_PER_RUN - 1 };
    expect(nextOfRun(last, soaking, T0).handOver).toBe(true);
    expect(nextOfRun(last, inPhase('completed'), T0)).toMatchObject({ done: true, handOver: false });
  });
});
