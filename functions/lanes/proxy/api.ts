import type { EgressSettings } from '../../../application/lanes/egress-checks';
import { openedSecrets } from '../../../application/lanes/opened-secrets';
import { proxyEgress } from '../../../application/lanes/proxy-egress';
import { type RegistryReadsOptions, registryReads } from '../../../application/lanes/registry-reads';
import { tenantTiers } from '../../../application/lanes/tenant-tiers';
import type { Egress, HostResolver, LaneIdentity } from '../../../core/ports';
import { bodyValidator } from '../../shared/body';
import type { ControlPlane } from '../../shared/control-plane';
import generated from '../../shared/generated/proxy-bodies';
import { httpApi } from '../../shared/http';
import { laneCaller } from '../lane-caller';
import { type EgressLimits, egressFetch, systemResolver } from './egress-fetch';

const parseProxy = bodyValidator(generated.proxyBody);

export interface ProxyLaneOptions {
  readonly identity: LaneIdentity;
  /** Tenant overrides and test-only settings for the egress guard. */
  readonly egress?: EgressSettings;
  readonly resolve?: HostResolver;
  /** @default 5 redirects, 5 MiB, 5 s connect, 25 s total */
  readonly limits?: Partial<EgressLimits>;
  /** How long installations and manifests are reused (application/lanes/registry-reads.ts). */
  readonly registry?: RegistryReadsOptions;
}

/** The ports the proxy lane uses. */
export type ProxyPlane = Pick<
  ControlPlane,
  'installations' | 'tenants' | 'rateLimiter' | 'audit' | 'logger' | 'metrics' | 'laneMetrics' | 'settings'
> &
  /** Registry writes in this process, which the lane's cache forgets at once (none: TTLs only). */
  Partial<Pick<ControlPlane, 'registryChanges'>> & {
    /** The calling plugin's manifest, by its installed version. */
    readonly catalog: Pick<ControlPlane['catalog'], 'getManifest'>;
    /** Opens config secrets to inject them; the lane never seals one. */
    readonly envelope: Pick<ControlPlane['envelope'], 'open'>;
  };

/**
 * The proxy lane over HTTP, the only way out to the internet: authenticate the plugin, parse what
 * it asks to send, and answer what application/lanes/proxy-egress made of it.
 */
export function proxyLane(plane: ProxyPlane, options: ProxyLaneOptions) {
  const limits: EgressLimits = {
    maxRedirects: 5,
    maxResponseBytes: 5 * 1024 * 1024,
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 25_000,
    ...options.limits,
  };
  const resolve = options.resolve ?? systemResolver;
  // The caller's installation and manifest, held per container for seconds (docs/caches.md).
  const registry = registryReads(plane, options.registry);
  const deps = {
    audit: plane.audit,
    metrics: plane.metrics,
    // Opened secrets are reused for a minute at most (application/lanes/opened-secrets.ts says why
    // that is safe across rotation and disable).
    envelope: openedSecrets(plane.envelope),
    rateLimiter: plane.rateLimiter,
    tierOf: tenantTiers(plane.tenants),
    settings: options.egress,
    egress: ((request, checks) => egressFetch(request, checks, limits, resolve)) satisfies Egress,
  };

  return httpApi({
    area: 'proxy',
    logger: plane.logger,
    metrics: plane.metrics,
    laneMetrics: plane.laneMetrics,
    maxBodyBytes: 1_100_000,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'proxy.egress': async (request) => {
        const { principal, installation } = await laneCaller(
          { ...plane, ...registry },
          options.identity,
          request,
        );
        const { headers, body, ...target } = parseProxy(request.body);
        // The schema lets a client send `null` for "none"; the lane itself knows only absent.
        const ask = { ...target, ...(headers ? { headers } : {}), ...(body != null ? { body } : {}) };
        const answer = await proxyEgress(deps, {
          principal,
          installation,
          traceId: request.traceId,
          ask,
          // Only a host the allowlist admitted is counted by name: a refused one could be anything,
          // and each name is a metric of its own (docs/metrics.md).
          admitted: (host) => request.attribute(principal, host),
        });
        return { status: 200, body: answer };
      },
    },
  });
}
