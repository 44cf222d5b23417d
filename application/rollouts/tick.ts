import { randomUUID } from 'node:crypto';
import { ConcurrentModificationError } from '../../core/errors';
import {
  advance,
  attemptOf,
  countFailedUpgrades,
  MAX_UPGRADE_ATTEMPTS,
  type Rollout,
  type RolloutAction,
} from '../../core/rollout';
import type { RolloutDeps } from './deps';
import { failureMessage } from './failure';
import { moveTo } from './move';
import { observe } from './observe';
import { recordStep } from './record';

const SYSTEM = { kind: 'system', id: 'rollout' } as const;

/**
 * Takes one action, audited in the member's own chain. A failed upgrade is recorded with its
 * attempt and answered, for the step to count (core/rollout/failures.ts); a failed rollback is
 * recorded and retried on the next step.
 */
async function act(
  deps: RolloutDeps,
  rollout: Rollout,
  action: RolloutAction,
  traceId: string,
): Promise<string | undefined> {
  const target = { kind: 'installation', id: `${action.tenantId}/${rollout.plan.pluginId}` };
  // Outcomes of an allowed step, as the health round records its own: a failure is no refusal.
  const record = (what: string, reasons: string[]) =>
    deps.audit.append({
      tenantId: action.tenantId,
      actor: SYSTEM,
      action: `rollout.${what}`,
      target,
      decision: 'allow',
      reasons,
      traceId,
      details: { version: action.version },
    });
  if (action.kind === 'await_consent') {
    await record('awaiting_consent', [
      `${rollout.plan.pluginId}@${action.version} asks for permissions beyond the installed version's: left on its version until the tenant consents`,
    ]);
    return undefined;
  }
  try {
    // A rollback returns to the version whose permissions the tenant consented to when it ran it.
    const moved = await moveTo(deps, rollout, action.tenantId, action.version, {
      consent: action.kind === 'roll_back',
      traceId,
    });
    if (moved === 'needs_consent') {
      await record('awaiting_consent', [`${action.version} needs consent the tenant has not given`]);
    }
  } catch (error) {
    const why = failureMessage(error);
    if (action.kind === 'roll_back') {
      await record('roll_back_failed', [`${why}; retried on the next step`]);
      return undefined;
    }
    const member = rollout.members.find((one) => one.tenantId === action.tenantId);
    const attempt = member ? attemptOf(member) : 1;
    const next =
      attempt < MAX_UPGRADE_ATTEMPTS
        ? 'retried on the next step'
        : 'the member is failed and the rollout halts';
    await record('upgrade_failed', [`${why}; attempt ${attempt} of ${MAX_UPGRADE_ATTEMPTS}, ${next}`]);
    return why;
  }
  return undefined;
}

/**
 * One step of a plugin's rollout: observe its installations, `advance`, take the actions through
 * the upgrade path, then write the new state on the revision read. Actions are safe to repeat (an
 * installation already on the version is left alone), so a crash between acting and writing only
 * makes the next tick find them done. Another writer first (a command, another runner) wins: this
 * step is simply not written, and the next tick starts from what it wrote.
 */
export async function tick(deps: RolloutDeps, pluginId: string): Promise<Rollout | undefined> {
  const rollout = await deps.rollouts.get(pluginId);
  if (!rollout) return undefined;
  const now = deps.now();
  const step = advance(rollout, await observe(deps, rollout, now), now);
  if (step.rollout === rollout) return rollout;
  const traceId = randomUUID();
  const failures: Record<string, string> = {};
  for (const action of step.actions) {
    const failed = await act(deps, step.rollout, action, traceId);
    if (failed !== undefined) failures[action.tenantId] = failed;
  }
  const counted = countFailedUpgrades(step.rollout, failures);
  try {
    const saved = await deps.rollouts.save({ ...counted.rollout, rev: rollout.rev + 1 });
    await recordStep(deps, saved, [...step.reasons, ...counted.reasons], traceId);
    await deps.audit.flush();
    return saved;
  } catch (error) {
    if (error instanceof ConcurrentModificationError) return deps.rollouts.get(pluginId);
    throw error;
  }
}
