import type { AuditRecord } from '../../../core/audit';
import type { AuditQuery } from '../../../core/ports';
import { AUDIT_PARTITION_PREFIX } from '../deploy-contract';
import { INDEX } from './keys';

/*
 * The audit indexes' key design, shared by the DynamoDB log and the memory log that simulates it
 * (adapters/memory/audit-log.ts), so both answer a filter through the same key and read the same
 * items. Every index sorts a tenant's records by `<time>#<12-digit seq>`: a time range is a range
 * of the sort key, and equal times keep chain order.
 */

const pad = (seq: number) => String(seq).padStart(12, '0');

/** Sorts after every `<time>#<seq>` of the same time: `~` comes after the digits. */
const END_OF_TIME = '#~';

type AuditIndex = (typeof INDEX)[
  | 'auditByActor'
  | 'auditByAction'
  | 'auditByDecision'
  | 'auditByTime'
  | 'auditByTrace'];

const partition = (tenantId: string) => `${AUDIT_PARTITION_PREFIX}${tenantId}`;

const indexKey = {
  [INDEX.auditByActor]: (tenantId: string, actorId: string) => `${partition(tenantId)}#ACTOR#${actorId}`,
  [INDEX.auditByAction]: (tenantId: string, action: string) => `${partition(tenantId)}#ACTION#${action}`,
  [INDEX.auditByDecision]: (tenantId: string, decision: string) =>
    `${partition(tenantId)}#DECISION#${decision}`,
  [INDEX.auditByTime]: (tenantId: string) => `${partition(tenantId)}#TIME`,
  [INDEX.auditByTrace]: (tenantId: string, traceId: string) => `${partition(tenantId)}#TRACE#${traceId}`,
} as const;

/** The index attributes an audit record item carries (five GSIs: each costs a write per record). */
export function auditIndexAttributes(record: AuditRecord): Record<string, string> {
  const sk = `${record.time}#${pad(record.seq)}`;
  return {
    [`${INDEX.auditByActor}pk`]: indexKey[INDEX.auditByActor](record.tenantId, record.actor.id),
    [`${INDEX.auditByActor}sk`]: sk,
    [`${INDEX.auditByAction}pk`]: indexKey[INDEX.auditByAction](record.tenantId, record.action),
    [`${INDEX.auditByAction}sk`]: sk,
    [`${INDEX.auditByDecision}pk`]: indexKey[INDEX.auditByDecision](record.tenantId, record.decision),
    [`${INDEX.auditByDecision}sk`]: sk,
    [`${INDEX.auditByTime}pk`]: indexKey[INDEX.auditByTime](record.tenantId),
    [`${INDEX.auditByTime}sk`]: sk,
    [`${INDEX.auditByTrace}pk`]: indexKey[INDEX.auditByTrace](record.tenantId, record.traceId),
    [`${INDEX.auditByTrace}sk`]: sk,
  };
}

/**
 * The filters an index cannot key on, checked on the items it reads (a FilterExpression). An
 * action prefix is always one: no index keys on part of an action.
 */
export interface AuditResidual {
  readonly actor?: string;
  readonly action?: string;
  readonly actionPrefix?: string;
  readonly decision?: string;
}

/** `installation.*` asks for a prefix, `installation.enable` for the action itself. */
const PREFIX = '*';

/**
 * How one audit query is read: the chain itself (no filter), or the index of the most selective
 * filter given (trace, then actor, then action, then decision, then time alone) with the time
 * range as a sort key range. Filters beyond the first are checked on what that index reads: they
 * narrow, but do not bound, the items read. `listing` names the query (filters and order) a
 * cursor is bound to.
 */
export type AuditQueryPlan = (
  | { readonly kind: 'chain'; readonly pk: string }
  | {
      readonly kind: 'index';
      readonly index: AuditIndex;
      /** The index's key attribute names. */
      readonly pkName: string;
      readonly skName: string;
      readonly pk: string;
      /** Inclusive bounds on the sort key. */
      readonly from?: string;
      readonly to?: string;
      readonly residual: AuditResidual;
    }
) & { readonly descending: boolean; readonly listing: string };

export function auditQueryPlan(tenantId: string, filter: AuditQuery): AuditQueryPlan {
  const { actor, decision, traceId, from, to } = filter;
  const prefixed = filter.action?.endsWith(PREFIX) === true;
  const action = prefixed ? undefined : filter.action || undefined;
  const actionPrefix = prefixed ? filter.action!.slice(0, -PREFIX.length) : undefined;
  const descending = filter.order === 'newest';
  // Canonical (fixed key order, absent filters left out), so equal queries share cursors.
  const listing = JSON.stringify([
    tenantId,
    actor || null,
    action ?? null,
    actionPrefix ?? null,
    decision || null,
    traceId || null,
    from || null,
    to || null,
    descending,
  ]);
  const on = (index: AuditIndex, pk: string, residual: AuditResidual): AuditQueryPlan => ({
    kind: 'index',
    index,
    pkName: `${index}pk`,
    skName: `${index}sk`,
    pk,
    ...(from ? { from } : {}),
    ...(to ? { to: `${to}${END_OF_TIME}` } : {}),
    residual: Object.fromEntries(Object.entries(residual).filter(([, v]) => v)) as AuditResidual,
    descending,
    listing,
  });
  if (traceId)
    return on(INDEX.auditByTrace, indexKey[INDEX.auditByTrace](tenantId, traceId), {
      actor,
      action,
      actionPrefix,
      decision,
    });
  if (actor)
    return on(INDEX.auditByActor, indexKey[INDEX.auditByActor](tenantId, actor), {
      action,
      actionPrefix,
      decision,
    });
  if (action) return on(INDEX.auditByAction, indexKey[INDEX.auditByAction](tenantId, action), { decision });
  if (decision)
    return on(INDEX.auditByDecision, indexKey[INDEX.auditByDecision](tenantId, decision), { actionPrefix });
  if (from || to || actionPrefix !== undefined)
    return on(INDEX.auditByTime, indexKey[INDEX.auditByTime](tenantId), { actionPrefix });
  return { kind: 'chain', pk: partition(tenantId), descending, listing };
}

/** Whether a record passes the filters its index did not key on. */
export const passesResidual = (record: AuditRecord, residual: AuditResidual): boolean =>
  (!residual.actor || record.actor.id === residual.actor) &&
  (!residual.action || record.action === residual.action) &&
  (!residual.actionPrefix || record.action.startsWith(residual.actionPrefix)) &&
  (!residual.decision || record.decision === residual.decision);
