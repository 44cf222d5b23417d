import { NotFoundError, ValidationError } from '../../core/errors';
import type { PluginManifest } from '../../core/manifest/types';
import { decide, isAction, type Principal } from '../../core/policy';
import { compareWithRecord, type Explanation } from '../../core/policy/explanation';
import {
  type DecisionInputs,
  manifestsNeeded,
  type RecordedResource,
  rebuildInputs,
} from '../../core/policy/inputs';
import type { AuditLog, CatalogStore, InstallationStore } from '../../core/ports';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';

export interface ExplainDeps {
  readonly audit: AuditAppender & Pick<AuditLog, 'record'>;
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly metrics?: Counter;
}

export interface ExplainAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly traceId: string;
  /** The record's position in the tenant's chain, as the path gives it. */
  readonly seq: string;
}

async function manifests(deps: ExplainDeps, needed: ReadonlyArray<[string, string]>) {
  const found = new Map<string, PluginManifest>();
  for (const [pluginId, version] of needed) {
    const manifest = await deps.catalog.getManifest(pluginId, version);
    if (manifest) found.set(`${pluginId}@${version}`, manifest);
  }
  return (pluginId: string, version: string) => found.get(`${pluginId}@${version}`);
}

/**
 * The same inputs with today's facts: the acting installation's and an operator target's current
 * version and state. What changed is named; unchanged inputs come back as they were.
 */
async function todaysInputs(
  deps: ExplainDeps,
  inputs: DecisionInputs,
): Promise<{ inputs: DecisionInputs; facts: string[] }> {
  const facts: string[] = [];
  let { principal, resource } = inputs;
  const tenantId = inputs.tenantId ?? '';
  if (principal.kind === 'plugin') {
    const now = await deps.installations.get(tenantId, principal.pluginId);
    if (now && now.pluginVersion !== principal.version) {
      facts.push(`${principal.pluginId} is now at ${now.pluginVersion} (was ${principal.version})`);
      principal = { ...principal, version: now.pluginVersion };
    }
  }
  if ('target' in resource && typeof resource.target === 'object') {
    const { target } = resource;
    const now = await deps.installations.get(tenantId, target.pluginId);
    if (now && (now.pluginVersion !== target.version || now.state !== target.state)) {
      facts.push(`target ${target.pluginId} is now ${now.state} at ${now.pluginVersion}`);
      resource = {
        ...resource,
        target: { ...target, version: now.pluginVersion, state: now.state },
      } as RecordedResource;
    }
  }
  return { inputs: { ...inputs, principal, resource }, facts };
}

async function ask(deps: ExplainDeps, inputs: DecisionInputs, action: string) {
  const rebuilt = rebuildInputs(inputs, await manifests(deps, manifestsNeeded(inputs)));
  return rebuilt.ok
    ? { ok: true as const, decision: decide(rebuilt.principal, action as never, rebuilt.resource as never) }
    : rebuilt;
}

/**
 * Explains one audit record of the tenant: `decide` is asked again with the inputs the record
 * kept (the guard records them with every decision: core/policy/inputs.ts) and the answer compared
 * with what was recorded; then with today's facts, where they changed. Records the guard wrote
 * before it kept inputs, and records of what happened rather than of a decision, say so. Reading
 * is decided (`audit.explain`) and recorded like every read of the trail; nothing else changes.
 */
export async function explainRecord(deps: ExplainDeps, request: ExplainAsk): Promise<Explanation> {
  const { principal, tenantId, traceId } = request;
  await guard(deps).authorize(
    principal,
    'audit.explain',
    { tenantId },
    { traceId, target: { kind: 'audit', id: `${tenantId}/${request.seq}` } },
  );
  const seq = Number(request.seq);
  if (!/^[1-9][0-9]{0,14}$/.test(request.seq)) {
    throw new ValidationError('The record to explain is invalid.', [
      { pointer: '/seq', message: "must be a record's position in the chain: a whole number from 1" },
    ]);
  }
  const found = await deps.audit.record(tenantId, seq);
  if (!found) throw new NotFoundError(`Tenant ${tenantId} has no audit record ${seq}.`);
  const details = found.details ?? {};
  const rule = typeof details.rule === 'string' ? details.rule : undefined;
  const record = {
    seq: found.seq,
    id: found.id,
    time: found.time,
    action: found.action,
    decision: found.decision,
    reasons: found.reasons,
    ...(rule ? { rule } : {}),
  };
  const inputs = details.inputs as DecisionInputs | undefined;
  if (!isAction(found.action)) {
    return {
      record,
      unexplained: `${found.action} is not a policy decision: the record says what happened, or a check outside policy refused it, and its reasons are the whole explanation`,
    };
  }
  if (!inputs || typeof inputs !== 'object') {
    return {
      record,
      unexplained:
        'the record does not keep the inputs of its decision (it was written before decisions recorded them, or refused before policy was asked): its reasons are the whole explanation',
    };
  }
  const recorded = { decision: found.decision, rule, reasons: found.reasons };
  const replayed = await ask(deps, inputs, found.action);
  if (!replayed.ok) return { record, inputs, unexplained: replayed.reason };
  const replay = compareWithRecord(recorded, replayed.decision);
  const current = await todaysInputs(deps, inputs);
  if (current.facts.length === 0) return { record, inputs, replay };
  const again = await ask(deps, current.inputs, found.action);
  if (!again.ok) return { record, inputs, replay, unexplained: again.reason };
  return {
    record,
    inputs,
    replay,
    today: { ...compareWithRecord(recorded, again.decision), facts: current.facts },
  };
}
