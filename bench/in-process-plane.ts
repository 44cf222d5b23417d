import type { Installation } from '../core/installation/types';
import type { PluginManifest } from '../core/manifest/types';
import type { RateLimiter } from '../core/ports';
import type { ControlPlane } from '../functions/shared/control-plane';
import { composePlatform } from '../functions/shared/platform/compose';
import { memoryPorts } from '../functions/shared/platform/memory';

/** The ports the lanes read: what the canonical, operator and proxy lanes are given. */
export type LanePlane = Pick<
  ControlPlane,
  | 'catalog'
  | 'installations'
  | 'subscribers'
  | 'tenants'
  | 'rateLimiter'
  | 'audit'
  | 'envelope'
  | 'runtime'
  | 'logger'
  | 'metrics'
  | 'laneMetrics'
  | 'panelSessions'
  | 'settings'
  | 'now'
>;

/**
 * `limiter` with every limit raised out of reach: its bookkeeping (and its store's round trips)
 * is measured, not its refusals, which thousands of calls a second would otherwise meet.
 */
export const unrefusing = (limiter: RateLimiter): RateLimiter => ({
  take: (limits, cost, nowMs) =>
    limiter.take(
      limits.map((limit) => ({ ...limit, limit: Number.MAX_SAFE_INTEGER })),
      cost,
      nowMs,
    ),
});

/**
 * The parts of the control plane the lanes read, in memory (adapters/memory): registry lookups
 * answer from maps and the audit log extends each tenant's hash chain in process (the same
 * `appendRecord` the DynamoDB log uses) without writing it anywhere. The lane benchmarks then
 * measure what the lane itself adds — authenticate, decide, chain the audit record, sign,
 * forward — not an emulator's latency.
 */
export async function inProcessPlane(options: {
  installations: readonly Installation[];
  manifests: readonly PluginManifest[];
  endpointOf: (installationId: string) => string;
  /** External event subscribers by tenant, each with its view (the canonical lane's fan-out). */
  subscribers?: ReadonlyArray<{ tenantId: string; types: string[]; view: string }>;
  /** The lanes' call counters. @default in memory, never refusing (`unrefusing`) */
  rateLimiter?: RateLimiter;
}): Promise<LanePlane> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const {
    tenants,
    catalog,
    installations,
    subscribers,
    audit,
    envelope,
    runtime,
    credentials,
    settings,
    rateLimiter,
    laneMetrics,
    panelSessions,
  } = memoryPorts({
    endpointOf: options.endpointOf,
  });
  const plane = composePlatform(
    {
      serviceName: 'vivified-bench',
      apiUrl: 'http://127.0.0.1:1',
      unhealthyAfter: 3,
      corsOrigins: [],
    },
    {
      tenants,
      catalog,
      installations,
      subscribers,
      audit,
      envelope,
      runtime,
      credentials,
      settings,
      rateLimiter: () => options.rateLimiter ?? unrefusing(rateLimiter()),
      laneMetrics,
      panelSessions,
    },
  );
  const at = new Date().toISOString();
  for (const manifest of options.manifests) await plane.catalog.register(manifest, 'bench', at);
  for (const installation of options.installations) {
    await plane.installations.create(installation);
    // Active installations run: the runtime answers their endpoints, as ECS or the process runtime would.
    const manifest = options.manifests.find(
      (m) => m.id === installation.pluginId && m.version === installation.pluginVersion,
    );
    if (manifest && installation.state === 'Active') {
      const { token } = await plane.credentials.issue(installation);
      await plane.runtime.start({
        ...installation,
        runtime: manifest.runtime,
        environment: {},
        credential: token,
      });
    }
  }
  for (const [i, subscriber] of (options.subscribers ?? []).entries()) {
    await plane.subscribers.create({
      ...subscriber,
      subscriberId: `bench-${i}`,
      busArn: `arn:aws:events:us-east-1:000000000000:event-bus/bench-${i}`,
      rules: [],
      createdAt: at,
      createdBy: 'bench',
    });
  }
  return plane;
}

/** An Active installation of a plugin in a tenant. */
export function activeInstallation(tenantId: string, manifest: PluginManifest): Installation {
  const at = new Date().toISOString();
  return {
    tenantId,
    pluginId: manifest.id,
    installationId: `${tenantId}-${manifest.id}`,
    pluginVersion: manifest.version,
    state: 'Active',
    rev: 1,
    config: {},
    sealedSecrets: {},
    resources: {},
    health: { consecutiveFailures: 0, history: [] },
    createdAt: at,
    updatedAt: at,
    updatedBy: 'bench',
  };
}
