import { operatorCall } from '../../../application/lanes/operator-call';
import { type RegistryReadsOptions, registryReads } from '../../../application/lanes/registry-reads';
import { tenantTiers } from '../../../application/lanes/tenant-tiers';
import { viewPanel } from '../../../application/panels/view-panel';
import { OPERATOR_CALL_HEADERS } from '../../../core/lanes/operator-claims';
import type { LaneIdentity, OperatorCallSigner, PluginEndpoints } from '../../../core/ports';
import type { ControlPlane } from '../../shared/control-plane';
import { httpApi } from '../../shared/http';
import { laneCaller } from '../lane-caller';
import { forward } from './forward';

export interface OperatorLaneOptions {
  readonly identity: LaneIdentity;
  readonly signer: OperatorCallSigner;
  /** Where targets answer: their Cloud Map names deployed, the runtime's word locally. */
  readonly endpoints: PluginEndpoints;
  /** @default 10 000 ms; callers may ask for less, or more up to 29 000 ms (API Gateway's limit). */
  readonly timeoutMs?: number;
  /** @default 1 MiB */
  readonly maxResponseBytes?: number;
  /** How long installations and manifests are reused (application/lanes/registry-reads.ts). */
  readonly registry?: RegistryReadsOptions;
}

/** The ports the operator lane uses. */
export type OperatorPlane = Pick<
  ControlPlane,
  | 'catalog'
  | 'installations'
  | 'tenants'
  | 'rateLimiter'
  | 'audit'
  | 'logger'
  | 'metrics'
  | 'laneMetrics'
  | 'settings'
  // Verifies the sessions console panels are served for (the key the installations function signs with).
  | 'panelSessions'
> &
  /** Registry writes in this process, which the lane's cache forgets at once (none: TTLs only). */
  Partial<Pick<ControlPlane, 'registryChanges'>>;

/**
 * The operator lane over HTTP: a plugin calls another plugin's declared operation
 * (application/lanes/operator-call), and gets the target's answer as it came.
 */
export function operatorLane(plane: OperatorPlane, options: OperatorLaneOptions) {
  // Caller and target, installation and manifest, held per container for seconds (docs/caches.md).
  const registry = registryReads(plane, options.registry);
  const deps = {
    ...plane,
    ...options,
    ...registry,
    tierOf: tenantTiers(plane.tenants),
    callPlugin: forward,
  };

  return httpApi({
    area: 'operator',
    logger: plane.logger,
    metrics: plane.metrics,
    laneMetrics: plane.laneMetrics,
    // Only panel pages are framed, and only by the console; the plugin lanes answer no browser.
    frameAncestors: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'operator.call': async (request) => {
        const { principal } = await laneCaller(deps, options.identity, request);
        const answer = await operatorCall(deps, {
          principal,
          traceId: request.traceId,
          targetPluginId: request.params.targetPluginId ?? '',
          operation: request.params.operation ?? '',
          body: request.body,
          askedTimeoutMs: Number(request.headers[OPERATOR_CALL_HEADERS.timeoutMs]),
        });
        return {
          status: answer.status,
          rawBody: answer.body,
          headers: { 'Content-Type': answer.contentType },
        };
      },

      // Here, in the VPC beside the plugins, because a panel's page is its plugin's answer.
      'panel.view': async (request) => ({
        status: 200,
        rawBody: await viewPanel(deps, {
          session: panelSessionOf(request.headers['content-type'], request.body),
          tenantId: request.params.tenantId ?? '',
          pluginId: request.params.pluginId ?? '',
          panelId: request.params.panelId ?? '',
          traceId: request.traceId,
        }),
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      }),
    },
  });
}

/** The `session` field of a form body; anything that is no form carries none. */
const panelSessionOf = (contentType: string | undefined, body: unknown): string | undefined =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType?.trim() ?? '') && typeof body === 'string'
    ? (new URLSearchParams(body).get('session') ?? undefined)
    : undefined;
