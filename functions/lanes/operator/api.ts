import { operatorCall } from '../../../application/lanes/operator-call';
import { tenantTiers } from '../../../application/lanes/tenant-tiers';
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
>;

/**
 * The operator lane over HTTP: a plugin calls another plugin's declared operation
 * (application/lanes/operator-call), and gets the target's answer as it came.
 */
export function operatorLane(plane: OperatorPlane, options: OperatorLaneOptions) {
  const deps = { ...plane, ...options, tierOf: tenantTiers(plane.tenants), callPlugin: forward };

  return httpApi({
    area: 'operator',
    logger: plane.logger,
    metrics: plane.metrics,
    laneMetrics: plane.laneMetrics,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'operator.call': async (request) => {
        const { principal } = await laneCaller(plane, options.identity, request);
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
    },
  });
}
