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

type AuditIndex = (typeof INDEX)['auditByActor' | 'auditByAction' | 'auditByDecision' | 'auditByTime'];

const partition = (tenantId: string) => `${AUDIT_PARTITION_PREFIX}${tenantId}`;

const indexKey = {
  [INDEX.auditByActor]: (tenantId: string, actorId: string) => `${partition(tenantId)}#ACTOR#${actorId}`,
  [INDEX.auditByAction]: (tenantId: string, action: string) => `${partition(tenantId)}#ACTION#${action}`,
  [INDEX.auditByDecision]: (tenantId: string, decision: string) =>
    `${partition(tenantId)}#DECISION#${decision}`,
  [INDEX.auditByTime]: (tenantId: string) => `${partition(tenantId)}#TIME`,
} as const;

/** The index attributes an audit record item carries (four GSIs: each costs a write per record). */
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
  };
}

/** The filters an index cannot key on, checked on the items it reads (a FilterExpression). */
export type AuditResidual = Pick<AuditQuery, 'actor' | 'action' | 'decision'>;

/**
 * How one audit query is read: the chain itself (no filter), or the index of the most selective
 * filter given (actor, then action, then decision, then time alone) with the time range as a sort
 * key range. Filters beyond the first of actor, action and decision are checked on what that
 * index reads: they narrow, but do not bound, the items read.
 */
export type AuditQueryPlan =
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
    };

export function auditQueryPlan(tenantId: string, filter: AuditQuery): AuditQueryPlan {
  const { actor, action, decision, from, to } = filter;
  const on = (index: AuditIndex, pk: string, residual: AuditResidual): AuditQueryPlan => ({
    kind: 'index',
    index,
    pkName: `${index}pk`,
    skName: `${index}sk`,
    pk,
    ...(from ? { from } : {}),
    ...(to ? { to: `${to}${END_OF_TIME}` } : {}),
    residual,
  });
  if (actor)
    return on(INDEX.auditByActor, indexKey[INDEX.auditByActor](tenantId, actor), { action, decision });
  if (action) return on(INDEX.auditByAction, indexKey[INDEX.auditByAction](tenantId, action), { decision });
  if (decision) return on(INDEX.auditByDecision, indexKey[INDEX.auditByDecision](tenantId, decision), {});
  if (from || to) return on(INDEX.auditByTime, indexKey[INDEX.auditByTime](tenantId), {});
  return { kind: 'chain', pk: partition(tenantId) };
}

/** Whether a record passes the filters its index did not key on. */
export const passesResidual = (record: AuditRecord, residual: AuditResidual): boolean =>
  (!residual.actor || record.actor.id === residual.actor) &&
  (!residual.action || record.action === residual.action) &&
  (!residual.decision || record.decision === residual.decision);
