import type { Rollout } from '../../core/rollout';
import { PLATFORM_TENANT_ID } from '../../core/tenancy';
import type { RolloutDeps } from './deps';

/** A rollout's own steps (waves, halts, completion) in the platform's chain, where its admins act. */
export async function recordStep(
  deps: RolloutDeps,
  rollout: Rollout,
  reasons: readonly string[],
  traceId: string,
) {
  if (reasons.length === 0) return;
  await deps.audit.append({
    tenantId: PLATFORM_TENANT_ID,
    actor: { kind: 'system', id: 'rollout' },
    action: 'rollout.step',
    target: { kind: 'plugin', id: rollout.plan.pluginId },
    decision: 'allow',
    reasons,
    traceId,
    details: {
      version: rollout.plan.version,
      phase: rollout.phase,
      wave: rollout.wave + 1,
      rev: rollout.rev,
    },
  });
}
