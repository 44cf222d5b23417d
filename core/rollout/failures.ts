import type { Rollout, RolloutMember } from './types';

/**
 * How many times in a row a member's upgrade may fail before the rollout gives up on it. A
 * failure the next step can fix (a conflict with a concurrent change, a throttled call) gets
 * another go; one that repeats (a config the new version rejects) would otherwise be retried on
 * every step forever, with the rollout stuck upgrading and nobody told.
 */
export const MAX_UPGRADE_ATTEMPTS = 3;

/** The attempt a member's next upgrade is, counting from 1. */
export const attemptOf = (member: RolloutMember): number => (member.failures ?? 0) + 1;

export interface FailedUpgrades {
  readonly rollout: Rollout;
  /** What changed, for the audit trail; empty when nothing failed. */
  readonly reasons: readonly string[];
}

/**
 * A step's failed upgrades, by tenant, counted on their members: a member that reached the limit
 * is `failed` (left on its version) and the rollout halts, naming it and why, so an operator
 * decides (fix the tenant's installation and start again, or roll back). Below the limit the
 * member stays `upgrading`, to be tried again on the next step.
 */
export function countFailedUpgrades(
  rollout: Rollout,
  failures: Readonly<Record<string, string>>,
): FailedUpgrades {
  const exhausted: string[] = [];
  const members = rollout.members.map((member): RolloutMember => {
    const error = failures[member.tenantId];
    if (error === undefined) return member;
    const failed = attemptOf(member);
    if (failed < MAX_UPGRADE_ATTEMPTS) return { ...member, failures: failed, lastError: error };
    exhausted.push(`${member.tenantId}: ${error}`);
    return { ...member, status: 'failed', failures: failed, lastError: error };
  });
  if (exhausted.length === 0) return { rollout: { ...rollout, members }, reasons: [] };
  const haltReason = `upgrade failed ${MAX_UPGRADE_ATTEMPTS} times in a row (${exhausted.join('; ')})`;
  const { resumeTo: _, soakUntil: __, ...rest } = rollout;
  return { rollout: { ...rest, members, phase: 'halted', haltReason }, reasons: [`halted: ${haltReason}`] };
}
