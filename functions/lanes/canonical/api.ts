import { canonicalPublish } from '../../../application/lanes/canonical-publish';
import { type RegistryReadsOptions, registryReads } from '../../../application/lanes/registry-reads';
import { subscriberViews } from '../../../application/lanes/subscriber-views';
import { tenantTiers } from '../../../application/lanes/tenant-tiers';
import type { CanonicalBus, LaneIdentity } from '../../../core/ports';
import { bodyValidator } from '../../shared/body';
import type { ControlPlane } from '../../shared/control-plane';
import generated from '../../shared/generated/canonical-bodies';
import { httpApi } from '../../shared/http';
import type { PublishBody } from '../../wire';
import { laneCaller } from '../lane-caller';

const parseBatch = bodyValidator(generated.publishBody);

/** One event or `{ events: [...] }` with up to ten. */
const parsePublish = (body: unknown): PublishBody =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && !('events' in body)
    ? parseBatch({ events: [body] })
    : parseBatch(body);

export interface CanonicalLaneOptions {
  readonly identity: LaneIdentity;
  /** Where the events go: EventBridge deployed. */
  readonly bus: CanonicalBus;
  /** The bus's name, which every entry carries. */
  readonly busName: string;
  /** How long a tenant's subscriber views are reused. @default 10 000 ms */
  readonly subscriberCacheMs?: number;
  /** How long installations and manifests are reused (application/lanes/registry-reads.ts). */
  readonly registry?: RegistryReadsOptions;
}

/** The ports the canonical lane uses. */
export type CanonicalPlane = Pick<
  ControlPlane,
  | 'catalog'
  | 'installations'
  | 'subscribers'
  | 'tenants'
  | 'rateLimiter'
  | 'audit'
  | 'logger'
  | 'metrics'
  | 'laneMetrics'
  | 'settings'
  | 'now'
> &
  /** Registry writes in this process, which the lane's cache forgets at once (none: TTLs only). */
  Partial<Pick<ControlPlane, 'registryChanges'>>;

/**
 * The canonical lane over HTTP: one event or a batch of up to ten, published all or none
 * (application/lanes/canonical-publish); 202, or 502 when some entry could not be put, which the
 * client retries.
 */
export function canonicalLane(plane: CanonicalPlane, options: CanonicalLaneOptions) {
  // The publisher's installation and manifest, held per container for seconds (docs/caches.md).
  const registry = registryReads(plane, options.registry);
  const deps = {
    ...plane,
    ...options,
    ...registry,
    viewsOf: subscriberViews(plane, options.subscriberCacheMs),
    tierOf: tenantTiers(plane.tenants),
  };

  return httpApi({
    area: 'canonical',
    logger: plane.logger,
    metrics: plane.metrics,
    laneMetrics: plane.laneMetrics,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'canonical.publish': async (request) => {
        const { principal } = await laneCaller(deps, options.identity, request);
        const { events } = parsePublish(request.body);
        const { results, anyFailed } = await canonicalPublish(deps, {
          principal,
          traceId: request.traceId,
          events,
        });
        return { status: anyFailed ? 502 : 202, body: { results } };
      },
    },
  });
}
