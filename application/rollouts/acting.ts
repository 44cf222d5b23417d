import type { UserPrincipal } from '../../core/policy';
import type { Rollout } from '../../core/rollout';

/**
 * Who a rollout acts as inside a tenant: the plugin manager's role and nothing more, under a
 * subject naming the rollout, so each upgrade goes through the ordinary upgrade path (its policy
 * decision, its consent rule, its audit record in the tenant's own chain). A platform admin has no
 * access inside tenants; starting a rollout is what lets this principal make version changes that
 * need no new consent there, and the tenant's trail shows every one of them as the rollout's.
 */
export const rolloutPrincipal = (rollout: Rollout, tenantId: string): UserPrincipal => ({
  kind: 'user',
  subject: `rollout:${rollout.plan.pluginId}@${rollout.plan.version}`,
  tenantId,
  roles: ['plugin_manager'],
});
