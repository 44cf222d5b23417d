import { type Installed, startRollout } from '../../../core/rollout';
import type { MemberObservation, Observations, Rollout, RolloutPlan } from '../../../core/rollout/types';

export const T0 = new Date('2026-12-01T10:00:00.000Z');
export const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export const plan = (over: Partial<RolloutPlan> = {}): RolloutPlan => ({
  pluginId: 'notifier',
  version: '2.0.0',
  targets: { kind: 'tenants', tenantIds: ['a', 'b', 'c'] },
  waves: [
    { size: 1, soakSeconds: 60 },
    { size: 1, soakSeconds: 60 },
    { size: 1, soakSeconds: 60 },
  ],
  gates: { maxUnhealthy: 0, maxDeadLetters: 5, errorRateMargin: 0.1 },
  ...over,
});

export const installed: Installed[] = ['a', 'b', 'c'].map((tenantId) => ({ tenantId, version: '1.0.0' }));

export const started = (over: Partial<RolloutPlan> = {}): Rollout =>
  startRollout(plan(over), installed, undefined, 'ops', T0);

export const on = (version: string, over: Partial<MemberObservation> = {}): MemberObservation => ({
  version,
  state: 'Active',
  needsConsent: false,
  deadLetters: 0,
  calls: 0,
  errors: 0,
  ...over,
});

/** Every member where the rollout has moved it: on the new version once asked to upgrade. */
export function observe(
  rollout: Rollout,
  over: Record<string, Partial<MemberObservation>> = {},
): Observations {
  return Object.fromEntries(
    rollout.members.map((member) => {
      const moved = member.status === 'upgrading' || member.status === 'upgraded';
      return [member.tenantId, on(moved ? rollout.plan.version : member.fromVersion, over[member.tenantId])];
    }),
  );
}
