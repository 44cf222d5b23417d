import { RateLimitedError } from '../../core/errors';
import { describeLimit, limitsFor, type RateLane } from '../../core/lanes/rate-limits';
import type { PluginPrincipal } from '../../core/policy';
import type { RateAdmission, RateLimiter } from '../../core/ports';
import type { TenantTier } from '../../core/tenancy';
import { type AuditAppender, type Guarded, guard } from '../guard';
import type { Counter } from '../observability';

/** What a lane needs to limit its calls: the shared counters, and each tenant's tier. */
export interface LaneLimits {
  readonly rateLimiter: RateLimiter;
  /** The tier of a tenant, whose ceilings bound every limit (./tenant-tiers.ts). */
  readonly tierOf: (tenantId: string) => Promise<TenantTier>;
}

export interface AdmitDeps extends LaneLimits {
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
}

export interface LaneCallToLimit extends Guarded {
  readonly principal: PluginPrincipal;
  readonly lane: RateLane;
  /** The action audited when the call is refused (the lane's own, e.g. `proxy.egress`). */
  readonly action: string;
  /** The target host, on the proxy lane. */
  readonly host?: string;
  /** What the call counts as: 1, or a batch's events. @default 1 */
  readonly cost?: number;
}

/**
 * Counts an allowed lane call against every limit it must pass (core/lanes/rate-limits.ts), in
 * the store every instance shares. The lanes count while the decision's record is written
 * (`authorizeAlongside` of ../guard.ts); `enforceAdmission` then acts on the answer.
 */
export async function countLaneCall(deps: LaneLimits, call: LaneCallToLimit): Promise<RateAdmission> {
  const { principal, lane, host, cost = 1 } = call;
  const limits = limitsFor({
    lane,
    tier: await deps.tierOf(principal.tenantId),
    tenantId: principal.tenantId,
    installationId: principal.installationId,
    manifest: principal.manifest,
    host,
  });
  return deps.rateLimiter.take(limits, cost, Date.now());
}

/**
 * A call over one of its limits is refused with 429 and `Retry-After`, and the refusal is audited
 * in the caller's chain with the limit that was reached, after the decision's own record.
 */
export async function enforceAdmission(
  deps: AdmitDeps,
  call: LaneCallToLimit,
  admission: RateAdmission,
): Promise<void> {
  if (admission.admitted) return;
  const { limit, retryAfterSeconds } = admission;
  await guard(deps).refuse({
    kind: 'outcome',
    principal: call.principal,
    action: call.action,
    traceId: call.traceId,
    target: call.target,
    details: {
      ...call.details,
      cost: call.cost ?? 1,
      limit: {
        scope: limit.scope,
        key: limit.key,
        limit: limit.limit,
        windowSeconds: limit.windowSeconds,
        source: limit.source,
      },
    },
    error: new RateLimitedError(
      `Too many calls: ${describeLimit(limit)}; retry in ${retryAfterSeconds}s.`,
      retryAfterSeconds,
    ),
  });
}
