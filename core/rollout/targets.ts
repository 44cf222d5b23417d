import { createHash } from 'node:crypto';
import type { RolloutMember, RolloutPlan } from './types';

/**
 * Where a tenant falls in [0, 100) for a plugin: a hash of both, so the same tenants are chosen
 * for a percentage every time it is asked (a retried start picks the same ones), and a 10% rollout
 * of one plugin does not always land on the tenants another plugin's 10% did.
 */
export function tenantPercentile(pluginId: string, tenantId: string): number {
  const digest = createHash('sha256').update(`${pluginId}\u0000${tenantId}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/** An installation of the plugin as the rollout found it at start. */
export interface Installed {
  readonly tenantId: string;
  readonly version: string;
}

/**
 * The rollout's members, each in its wave: the targeted tenants that have the plugin installed at
 * another version, in a stable order (by percentile, then id), filled into the waves in turn.
 */
export function planMembers(plan: RolloutPlan, installed: readonly Installed[]): RolloutMember[] {
  const { targets } = plan;
  const chosen = installed
    .filter((one) => one.version !== plan.version)
    .filter((one) =>
      targets.kind === 'tenants'
        ? targets.tenantIds.includes(one.tenantId)
        : tenantPercentile(plan.pluginId, one.tenantId) < targets.percent,
    )
    .map((one) => ({ ...one, rank: tenantPercentile(plan.pluginId, one.tenantId) }))
    .sort((a, b) => a.rank - b.rank || a.tenantId.localeCompare(b.tenantId));
  const last = plan.waves.length - 1;
  let wave = 0;
  let filled = 0;
  return chosen.map((one) => {
    if (filled >= (plan.waves[wave]?.size ?? 0) && wave < last) {
      wave += 1;
      filled = 0;
    }
    filled += 1;
    return { tenantId: one.tenantId, fromVersion: one.version, wave, status: 'pending' as const };
  });
}
