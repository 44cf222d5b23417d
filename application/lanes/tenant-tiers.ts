import type { TenantStore } from '../../core/ports';
import type { TenantTier } from '../../core/tenancy';

/**
 * Each tenant's tier, reused for `cacheMs`: every limited lane call needs it, and a tier changes
 * rarely, so a minute late costs at most one window at the old ceilings. A tenant not found gets
 * the lowest tier's ceilings, never more.
 */
export function tenantTiers(tenants: Pick<TenantStore, 'get'>, cacheMs = 60_000) {
  const cache = new Map<string, { at: number; tier: TenantTier }>();
  return async function tierOf(tenantId: string): Promise<TenantTier> {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < cacheMs) return hit.tier;
    const tier = (await tenants.get(tenantId))?.tier ?? 'standard';
    cache.set(tenantId, { at: Date.now(), tier });
    return tier;
  };
}
