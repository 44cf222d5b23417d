import { failedGate } from './gates';
import type { MemberObservation, Observations, Rollout, RolloutAction, RolloutMember, Step } from './types';

/**
 * Members the rollout moved to the new version, or began to: what a rollback returns. A failed
 * one is on its old version unless its upgrade failed after applying (its restart did), so it is
 * checked like the rest.
 */
const TOUCHED: readonly string[] = ['upgrading', 'upgraded', 'rolling_back', 'failed'];

interface Draft {
  rollout: Rollout;
  actions: RolloutAction[];
  reasons: string[];
}

const at = (now: Date) => now.toISOString();

function rollBack(draft: Draft, seen: Observations, now: Date): Draft {
  const actions = [...draft.actions];
  const members = draft.rollout.members.map((member): RolloutMember => {
    if (!TOUCHED.includes(member.status)) return member;
    const observed = seen[member.tenantId];
    if (!observed) return { ...member, status: 'uninstalled' };
    if (observed.version === member.fromVersion) return { ...member, status: 'rolled_back' };
    actions.push({ kind: 'roll_back', tenantId: member.tenantId, version: member.fromVersion });
    return { ...member, status: 'rolling_back' };
  });
  const done = !members.some((member) => member.status === 'rolling_back');
  return {
    rollout: { ...draft.rollout, members, phase: done ? 'rolled_back' : 'rolling_back', updatedAt: at(now) },
    actions,
    reasons: done ? [...draft.reasons, 'rolled back'] : draft.reasons,
  };
}

function upgradeWave(draft: Draft, seen: Observations, now: Date): Draft {
  const { rollout } = draft;
  const target = rollout.plan.version;
  const actions = [...draft.actions];
  const members = rollout.members.map((member): RolloutMember => {
    if (member.wave > rollout.wave || member.status === 'uninstalled') return member;
    const observed = seen[member.tenantId];
    if (!observed) return { ...member, status: 'uninstalled' };
    if (observed.version === target) return { ...member, status: 'upgraded' };
    // A tenant that consented since stays waiting until it upgrades itself: its consent is its own.
    if (member.status === 'waiting_for_consent') return member;
    if (observed.needsConsent) {
      actions.push({ kind: 'await_consent', tenantId: member.tenantId, version: target });
      return { ...member, status: 'waiting_for_consent' };
    }
    actions.push({ kind: 'upgrade', tenantId: member.tenantId, version: target });
    return { ...member, status: 'upgrading' };
  });
  const upgrading = members.some((member) => member.status === 'upgrading');
  const soakSeconds = rollout.plan.waves[rollout.wave]?.soakSeconds ?? 0;
  return {
    rollout: {
      ...rollout,
      members,
      phase: upgrading ? 'upgrading' : 'soaking',
      ...(upgrading ? {} : { soakUntil: new Date(now.getTime() + soakSeconds * 1000).toISOString() }),
      updatedAt: at(now),
    },
    actions,
    reasons: upgrading ? draft.reasons : [...draft.reasons, `wave ${rollout.wave + 1} upgraded; soaking`],
  };
}

/** The gates over what has reached the new version, against what is still on the old. */
function gateFailure(rollout: Rollout, seen: Observations): string | undefined {
  const target = rollout.plan.version;
  const upgraded: MemberObservation[] = [];
  const old: MemberObservation[] = [];
  for (const member of rollout.members) {
    const observed = seen[member.tenantId];
    if (!observed) continue;
    if (observed.version === target && member.status === 'upgraded') upgraded.push(observed);
    else if (observed.version !== target) old.push(observed);
  }
  return failedGate(rollout.plan.gates, upgraded, old);
}

/**
 * One step of a rollout from what was observed of its installations: the next state and the
 * actions that move the installations there. Pure, and safe to repeat: an action is asked for
 * only while the observation shows it not yet done, so a step repeated after a crash asks for
 * nothing that already happened. Pending starts wave 1; a wave upgrades until every member is on
 * the new version or waiting for consent, then soaks; a soak that ends with the gates passing
 * starts the next wave or completes. A failed gate halts and rolls back every member moved so far.
 */
export function advance(rollout: Rollout, seen: Observations, now: Date): Step {
  let draft: Draft = { rollout, actions: [], reasons: [] };
  if (rollout.phase === 'rolling_back') return rollBack(draft, seen, now);
  if (!['pending', 'upgrading', 'soaking'].includes(rollout.phase)) return draft;
  const failure = gateFailure(rollout, seen);
  if (failure) {
    draft = { ...draft, rollout: { ...rollout, haltReason: failure }, reasons: [`halted: ${failure}`] };
    return rollBack(draft, seen, now);
  }
  if (rollout.phase === 'soaking') {
    if (now.getTime() < Date.parse(rollout.soakUntil ?? '')) return draft;
    if (rollout.wave === rollout.plan.waves.length - 1) {
      return {
        rollout: { ...rollout, phase: 'completed', updatedAt: at(now) },
        actions: [],
        reasons: ['completed'],
      };
    }
    draft = { ...draft, rollout: { ...rollout, wave: rollout.wave + 1 } };
  }
  return upgradeWave(draft, seen, now);
}
