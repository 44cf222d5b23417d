import { diffPermissions } from '../../core/manifest/diff';
import { bucketGrid } from '../../core/metrics/windows';
import type { MemberObservation, Observations, Rollout } from '../../core/rollout';
import type { RolloutDeps } from './deps';

/** Lane calls and errors since `sinceMs`, from the hour window's buckets that end after it. */
async function laneCalls(
  deps: RolloutDeps,
  tenantId: string,
  installationId: string,
  sinceMs: number,
  now: Date,
) {
  if (!deps.metricsReader) return { calls: 0, errors: 0 };
  const metrics = await deps.metricsReader.query({ tenantId, installationId, window: 'hour' }, now);
  const grid = bucketGrid('hour', now);
  let calls = 0;
  let errors = 0;
  for (const lane of metrics.lanes) {
    lane.calls.forEach((count, i) => {
      if (grid.startMs + (i + 1) * grid.bucketMs <= sinceMs) return;
      calls += count;
      errors += lane.errors[i] ?? 0;
    });
  }
  return { calls, errors };
}

/**
 * What a tick sees of each member: its installation's version and state (the health round keeps
 * Unhealthy and the dead-letter count current), whether the target version needs new consent
 * there, and its lane calls over the current wave's soak.
 */
export async function observe(deps: RolloutDeps, rollout: Rollout, now: Date): Promise<Observations> {
  const target = await deps.catalog.getManifest(rollout.plan.pluginId, rollout.plan.version);
  const soakSeconds = rollout.plan.waves[rollout.wave]?.soakSeconds ?? 0;
  const sinceMs = rollout.soakUntil ? Date.parse(rollout.soakUntil) - soakSeconds * 1000 : now.getTime();
  const seen: Record<string, MemberObservation | undefined> = {};
  for (const member of rollout.members) {
    const installation = await deps.installations.get(member.tenantId, rollout.plan.pluginId);
    if (!installation) {
      seen[member.tenantId] = undefined;
      continue;
    }
    const current = await deps.catalog.getManifest(installation.pluginId, installation.pluginVersion);
    seen[member.tenantId] = {
      version: installation.pluginVersion,
      state: installation.state,
      needsConsent: !!(current && target) && diffPermissions(current, target).requiresConsent,
      deadLetters: installation.health.deadLetters ?? 0,
      ...(await laneCalls(deps, member.tenantId, installation.installationId, sinceMs, now)),
    };
  }
  return seen;
}
