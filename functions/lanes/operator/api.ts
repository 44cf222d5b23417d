import { RateLimitedError, UpstreamError } from '../../../core/errors';
import { OPERATOR_CALL_HEADERS } from '../../../core/lanes/operator-claims';
import type { TokenBuckets } from '../../../core/lanes/token-bucket';
import type { LaneIdentity, OperatorCallSigner, PluginEndpoints } from '../../../core/ports';
import type { ControlPlane } from '../../shared/control-plane';
import { guard } from '../../shared/guard';
import { httpApi } from '../../shared/http';
import { pluginPrincipal } from '../plugin-principal';
import { forward } from './forward';

export interface OperatorLaneOptions {
  readonly identity: LaneIdentity;
  readonly signer: OperatorCallSigner;
  /** Where targets answer: their Cloud Map names deployed, the runtime's word locally. */
  readonly endpoints: PluginEndpoints;
  /** Per-caller token buckets. */
  readonly limits: TokenBuckets;
  /** @default 10 000 ms; callers may ask for less, or more up to 29 000 ms (API Gateway's limit). */
  readonly timeoutMs?: number;
  /** @default 1 MiB */
  readonly maxResponseBytes?: number;
}

const MAX_TIMEOUT_MS = 29_000;

/** The ports the operator lane uses. */
export type OperatorPlane = Pick<
  ControlPlane,
  'catalog' | 'installations' | 'audit' | 'logger' | 'metrics' | 'settings'
>;

/**
 * The operator lane: a plugin calls another plugin's declared operation. Authenticate from the
 * credential, decide (caller declares target.op, target exposes it, same tenant, target running,
 * classification covered), audit, rate-limit, then forward with signed caller headers.
 */
export function operatorLane(plane: OperatorPlane, options: OperatorLaneOptions) {
  const policy = guard(plane);
  const { endpoints } = options;

  return httpApi({
    area: 'operator',
    logger: plane.logger,
    metrics: plane.metrics,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'operator.call': async (request) => {
        const { principal } = await pluginPrincipal(plane, options.identity, request);
        const { targetPluginId = '', operation = '' } = request.params;
        const audited = {
          traceId: request.traceId,
          target: { kind: 'operation', id: `${targetPluginId}.${operation}` },
        };
        // The target is looked up in the caller's own tenant only: another tenant's plugin is
        // indistinguishable from one that is not installed.
        const target = await plane.installations.get(principal.tenantId, targetPluginId);
        const targetManifest =
          target && (await plane.catalog.getManifest(target.pluginId, target.pluginVersion));
        if (!target || !targetManifest) {
          return policy.refuse(principal, 'operator.call', {
            ...audited,
            reasons: [`${targetPluginId} is not installed in tenant ${principal.tenantId}`],
          });
        }
        await policy.authorize(
          principal,
          'operator.call',
          {
            target: {
              tenantId: target.tenantId,
              installationId: target.installationId,
              pluginId: target.pluginId,
              state: target.state,
              manifest: targetManifest,
            },
            operation,
          },
          audited,
        );
        const admission = options.limits.take(principal.installationId, Date.now());
        if (!admission.allowed) {
          throw new RateLimitedError(
            `${principal.pluginId} is calling too fast; retry in ${admission.retryAfterSeconds}s.`,
            admission.retryAfterSeconds,
          );
        }
        const endpoint = await endpoints.endpointOf({
          installationId: target.installationId,
          manifest: targetManifest,
        });
        if (!endpoint) throw new UpstreamError(`${targetPluginId} has no reachable endpoint.`, 502);
        const exposed = targetManifest.operations!.exposes![operation]!;
        const body =
          exposed.method === 'GET' || exposed.method === 'DELETE' ? '' : JSON.stringify(request.body ?? {});
        const asked = Number(request.headers[OPERATOR_CALL_HEADERS.timeoutMs]);
        const timeoutMs = Math.min(MAX_TIMEOUT_MS, asked > 0 ? asked : (options.timeoutMs ?? 10_000));
        const signature = await options.signer.sign({
          tenantId: principal.tenantId,
          callerPluginId: principal.pluginId,
          callerInstallationId: principal.installationId,
          targetInstallationId: target.installationId,
          operation,
          traceId: request.traceId,
          body,
        });
        const answer = await forward(`${endpoint}${exposed.path}`, {
          method: exposed.method,
          headers: {
            'content-type': 'application/json',
            [OPERATOR_CALL_HEADERS.caller]: principal.pluginId,
            [OPERATOR_CALL_HEADERS.tenant]: principal.tenantId,
            [OPERATOR_CALL_HEADERS.traceId]: request.traceId,
            [OPERATOR_CALL_HEADERS.signature]: signature,
          },
          body: body || undefined,
          timeoutMs,
          maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
        }).catch((error: unknown) => {
          endpoints.forget(target.installationId);
          throw error;
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
