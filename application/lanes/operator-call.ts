import { UpstreamError } from '../../core/errors';
import { OPERATOR_CALL_HEADERS } from '../../core/lanes/operator-claims';
import type { PluginPrincipal } from '../../core/policy';
import type {
  CatalogStore,
  InstallationStore,
  OperatorCallSigner,
  PluginAnswer,
  PluginCaller,
  PluginEndpoints,
} from '../../core/ports';
import { type AuditAppender, guard } from '../guard';
import { countLaneCall, enforceAdmission, type LaneLimits } from './rate-limit';

/** API Gateway answers within 29 s: a longer call would be cut off with nobody told why. */
const MAX_TIMEOUT_MS = 29_000;

export interface OperatorCallDeps extends LaneLimits {
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly audit: AuditAppender;
  readonly signer: OperatorCallSigner;
  readonly endpoints: PluginEndpoints;
  readonly callPlugin: PluginCaller;
  /** @default 10 000 ms */
  readonly timeoutMs?: number;
  /** @default 1 MiB */
  readonly maxResponseBytes?: number;
}

export interface OperatorCallInput {
  /** The calling plugin, authenticated (./plugin-principal). */
  readonly principal: PluginPrincipal;
  readonly traceId: string;
  readonly targetPluginId: string;
  readonly operation: string;
  readonly body: unknown;
  /** The deadline the caller asks for, in ms; anything not positive means the lane's default. */
  readonly askedTimeoutMs?: number;
}

/**
 * A plugin calls another plugin's declared operation: decide
 * (caller declares target.op, target exposes it, same tenant, target running, classification
 * covered), audit, rate-limit, then forward with signed caller headers. The answer is the
 * target's, passed through. At audit level detailed (the caller's or the target's) the call's
 * completion is recorded too: argument and answer sizes, status, duration; at complete, also the
 * argument's field names.
 */
export async function operatorCall(deps: OperatorCallDeps, input: OperatorCallInput): Promise<PluginAnswer> {
  const policy = guard(deps);
  const { principal, targetPluginId, operation, traceId } = input;
  const audited = { traceId, target: { kind: 'operation', id: `${targetPluginId}.${operation}` } };
  // The target is looked up in the caller's own tenant only: another tenant's plugin is
  // indistinguishable from one that is not installed.
  const target = await deps.installations.get(principal.tenantId, targetPluginId);
  const targetManifest = target && (await deps.catalog.getManifest(target.pluginId, target.pluginVersion));
  if (!target || !targetManifest) {
    return policy.refuse({
      kind: 'policy',
      principal,
      action: 'operator.call',
      ...audited,
      reasons: [`${targetPluginId} is not installed in tenant ${principal.tenantId}`],
    });
  }
  const limited = { principal, lane: 'operator' as const, action: 'operator.call', ...audited };
  // Counted against its limits while the decision's record is written (one round trip for both).
  const [{ obligations }, admission] = await policy.authorizeAlongside(
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
    () => countLaneCall(deps, limited),
  );
  await enforceAdmission(deps, limited, admission);
  const asked = input.askedTimeoutMs ?? Number.NaN;
  const deadlineMs = Math.min(MAX_TIMEOUT_MS, asked > 0 ? asked : (deps.timeoutMs ?? 10_000));
  const resolving = Date.now();
  // A target scaled to zero is woken within the call's deadline; what waking took is the call's.
  const endpoint = await deps.endpoints.endpointOf({
    installationId: target.installationId,
    manifest: targetManifest,
    wakeWithinMs: deadlineMs,
  });
  if (!endpoint) throw new UpstreamError(`${targetPluginId} has no reachable endpoint.`, 502);
  const timeoutMs = Math.max(1, deadlineMs - (Date.now() - resolving));
  const exposed = targetManifest.operations!.exposes![operation]!;
  const body =
    exposed.method === 'GET' || exposed.method === 'DELETE' ? '' : JSON.stringify(input.body ?? {});
  const signature = await deps.signer.sign({
    tenantId: principal.tenantId,
    callerPluginId: principal.pluginId,
    callerInstallationId: principal.installationId,
    targetInstallationId: target.installationId,
    operation,
    traceId,
    body,
  });
  const started = Date.now();
  // Asked for by audit level detailed or above (either side's): the floor records the decision only.
  const completed = async (reason: string, answer?: PluginAnswer) => {
    if (obligations.detail === undefined) return;
    await policy.record(principal, 'operator.call.completed', {
      ...audited,
      reasons: [reason],
      details: {
        method: exposed.method,
        path: exposed.path,
        argumentBytes: Buffer.byteLength(body),
        ...(answer ? { status: answer.status, answerBytes: Buffer.byteLength(answer.body) } : {}),
        durationMs: Date.now() - started,
        ...(obligations.detail === 'complete' ? { argumentFields: fieldNamesOf(input.body) } : {}),
      },
    });
  };
  const answer = await deps
    .callPlugin(`${endpoint}${exposed.path}`, {
      method: exposed.method,
      headers: {
        'content-type': 'application/json',
        [OPERATOR_CALL_HEADERS.caller]: principal.pluginId,
        [OPERATOR_CALL_HEADERS.tenant]: principal.tenantId,
        [OPERATOR_CALL_HEADERS.traceId]: traceId,
        [OPERATOR_CALL_HEADERS.signature]: signature,
      },
      body: body || undefined,
      timeoutMs,
      maxResponseBytes: deps.maxResponseBytes ?? 1024 * 1024,
    })
    .catch(async (error: unknown) => {
      // Unreachable now: whatever is remembered about where it answers is stale.
      deps.endpoints.forget(target.installationId);
      await completed(`failed: ${(error as Error).message}`);
      throw error;
    });
  await completed(`${exposed.method} answered ${answer.status}`, answer);
  return answer;
}

/** The top-level field names of a JSON argument, never its values: the shape of what was sent. */
const fieldNamesOf = (value: unknown): string[] =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).sort() : [];
