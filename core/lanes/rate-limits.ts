import type { PluginManifest } from '../manifest/types';
import type { TenantTier } from '../tenancy/tenant';
import type { Window } from './fixed-window';

/** The lanes whose calls are limited. */
export const RATE_LANES = ['operator', 'proxy', 'canonical'] as const;
export type RateLane = (typeof RATE_LANES)[number];

/** Who a limit counts: one installation, one installation's calls to one host, or a whole tenant. */
export type RateScope = 'installation' | 'domain' | 'tenant';

/** One limit a call must pass: at most `limit` units per fixed window of `windowSeconds`. */
export interface RateLimit {
  readonly tenantId: string;
  readonly lane: RateLane;
  readonly scope: RateScope;
  /** What is counted: `<tenant>`, `<tenant>/<installation>` or `<tenant>/<installation>/<host>`. */
  readonly key: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /** Where the number came from: the plugin's manifest (within the ceiling), or the tier's ceiling. */
  readonly source: 'manifest' | 'tier';
}

/** Every limit is per minute: long enough to absorb bursts, short enough that `Retry-After` is. */
export const RATE_WINDOW_SECONDS = 60;

type LaneCeiling = { readonly installation: number; readonly tenant: number; readonly domain?: number };

/**
 * What a tenant's tier allows at most, per minute: a manifest may declare less for its
 * installation (or per host on the proxy), never more; the tenant-wide limit is the tier's alone,
 * so one tenant's plugins together cannot take more than their tier pays for.
 */
export const TIER_CEILINGS: Readonly<Record<TenantTier, Readonly<Record<RateLane, LaneCeiling>>>> = {
  standard: {
    operator: { installation: 600, tenant: 3_000 },
    proxy: { installation: 300, domain: 120, tenant: 1_500 },
    canonical: { installation: 1_200, tenant: 6_000 },
  },
  enterprise: {
    operator: { installation: 3_000, tenant: 15_000 },
    proxy: { installation: 1_500, domain: 600, tenant: 7_500 },
    canonical: { installation: 6_000, tenant: 30_000 },
  },
};

/** The manifest field (`rate_limits`) that declares each lane's per-installation limit. */
const DECLARED: Readonly<Record<RateLane, keyof NonNullable<PluginManifest['rate_limits']>>> = {
  operator: 'operator_calls_per_minute',
  proxy: 'egress_requests_per_minute',
  canonical: 'events_per_minute',
};

export interface LimitedCall {
  readonly lane: RateLane;
  readonly tier: TenantTier;
  readonly tenantId: string;
  readonly installationId: string;
  readonly manifest: Pick<PluginManifest, 'rate_limits'>;
  /** The target host, on the proxy lane. */
  readonly host?: string;
}

/** The lower of what the manifest declares and the ceiling, and which of the two it is. */
function within(declared: number | undefined, ceiling: number) {
  return declared !== undefined && declared < ceiling
    ? { limit: declared, source: 'manifest' as const }
    : { limit: ceiling, source: 'tier' as const };
}

/**
 * The limits one call must pass, most specific first: its installation's (and on the proxy its
 * installation's calls to this host), then its tenant's.
 */
export function limitsFor(call: LimitedCall): RateLimit[] {
  const ceiling = TIER_CEILINGS[call.tier][call.lane];
  const declared = call.manifest.rate_limits;
  const base = { tenantId: call.tenantId, lane: call.lane, windowSeconds: RATE_WINDOW_SECONDS };
  const installation = `${call.tenantId}/${call.installationId}`;
  const limits: RateLimit[] = [
    {
      ...base,
      scope: 'installation',
      key: installation,
      ...within(declared?.[DECLARED[call.lane]], ceiling.installation),
    },
  ];
  if (call.host !== undefined && ceiling.domain !== undefined) {
    limits.push({
      ...base,
      scope: 'domain',
      // Host names are case-insensitive: API.example.com and api.example.com are one host.
      key: `${installation}/${call.host.toLowerCase()}`,
      ...within(declared?.egress_requests_per_domain_per_minute, ceiling.domain),
    });
  }
  limits.push({ ...base, scope: 'tenant', key: call.tenantId, limit: ceiling.tenant, source: 'tier' });
  return limits;
}

/**
 * The one name a limit's counter has in a window, whichever instance counts it: a new counter
 * each window, so old ones are never read again and only need to expire. It starts with the
 * key, and so with the tenant id, which lets a store keep each tenant to its own counters.
 */
export const counterId = (limit: RateLimit, window: Window): string =>
  `${limit.key}#${limit.lane}#${limit.scope}#${window.startMs}`;

/** A refusal's reason, for the caller and the audit record. */
export const describeLimit = (limit: RateLimit): string =>
  `the ${limit.lane} lane's ${limit.scope} limit of ${limit.limit} per ${limit.windowSeconds}s for ${limit.key} is reached`;
