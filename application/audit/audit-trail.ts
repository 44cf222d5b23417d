import type { AuditActorName, AuditRecord, ChainVerification, VerificationMode } from '../../core/audit';
import { type FieldError, ValidationError } from '../../core/errors';
import type { Principal } from '../../core/policy';
import type { AuditLog, AuditOrder, AuditQuery, Page } from '../../core/ports';
import type { PageAsk, Unvalidated } from '../attempt';
import { guard } from '../guard';
import type { Counter } from '../observability';
import { type ActorNameDeps, actorNames } from './actor-names';

/*
 * A tenant's audit trail: query it, and verify its hash chain from storage. Reading the trail is
 * itself decided and recorded.
 */

export interface AuditTrailDeps extends ActorNameDeps {
  readonly audit: Pick<AuditLog, 'append' | 'query' | 'verify'>;
  readonly metrics?: Counter;
}

export interface AuditAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly traceId: string;
}

/** A query as it arrives: every field a string from the query string, none checked yet. */
export type AuditFilterAsk = { readonly [K in keyof AuditQuery]?: string };

/** One page of records and the names of their actors the platform knows. */
export interface AuditTrailPage extends Page<AuditRecord> {
  readonly actors: readonly AuditActorName[];
}

const isInstant = (value: string | undefined) => value === undefined || !Number.isNaN(Date.parse(value));

const admit = (deps: AuditTrailDeps, action: 'audit.read' | 'audit.verify', ask: AuditAsk) =>
  guard(deps).authorize(
    ask.principal,
    action,
    { tenantId: ask.tenantId },
    { traceId: ask.traceId, target: { kind: 'audit', id: ask.tenantId } },
  );

const DECISIONS: ReadonlySet<string> = new Set(['allow', 'deny']);
const ORDERS: ReadonlySet<string> = new Set(['newest', 'oldest']);

/** Every problem of the query at once, each at its parameter's pointer. */
function problemsOf(filter: AuditFilterAsk, page: Unvalidated<PageAsk>): FieldError[] {
  const { from, to, decision, order } = filter;
  let paging: FieldError[] = [];
  try {
    page.parse(page.raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    paging = [...error.errors];
  }
  return [
    ...(isInstant(from) ? [] : [{ pointer: '/from', message: 'must be an ISO 8601 instant' }]),
    ...(isInstant(to) ? [] : [{ pointer: '/to', message: 'must be an ISO 8601 instant' }]),
    ...(from && to && isInstant(from) && isInstant(to) && Date.parse(from) > Date.parse(to)
      ? [{ pointer: '/to', message: 'must not be before from' }]
      : []),
    ...(decision === undefined || DECISIONS.has(decision)
      ? []
      : [{ pointer: '/decision', message: 'must be allow or deny' }]),
    ...(order === undefined || ORDERS.has(order)
      ? []
      : [{ pointer: '/order', message: 'must be newest or oldest' }]),
    ...paging,
  ];
}

/**
 * One page of a tenant's records, newest first unless asked for the oldest, filtered by time (any
 * ISO 8601 instants), actor id, action (or an action prefix ending in `*`), decision and trace; with
 * the names of the page's actors beside them.
 */
export async function readAuditTrail(
  deps: AuditTrailDeps,
  ask: AuditAsk & { readonly filter: AuditFilterAsk; readonly page: Unvalidated<PageAsk> },
): Promise<AuditTrailPage> {
  await admit(deps, 'audit.read', ask);
  const { from, to, actor, action, decision, traceId, order } = ask.filter;
  const invalid = problemsOf(ask.filter, ask.page);
  if (invalid.length > 0) throw new ValidationError('The audit query is invalid.', invalid);
  const { limit, cursor } = ask.page.parse(ask.page.raw);
  const page = await deps.audit.query(
    ask.tenantId,
    {
      from: from && new Date(from).toISOString(),
      to: to && new Date(to).toISOString(),
      actor,
      action,
      decision: decision as AuditRecord['decision'] | undefined,
      traceId,
      order: (order ?? 'newest') as AuditOrder,
    },
    limit,
    cursor,
  );
  return { ...page, actors: await actorNames(deps, ask.tenantId, page.items) };
}

/**
 * Recomputes the tenant's chain from storage and says whether, and where, it breaks: since the
 * newest checkpoint the archive vouches for, or in full.
 */
export async function verifyAuditTrail(
  deps: AuditTrailDeps,
  ask: AuditAsk & { readonly full?: string },
): Promise<ChainVerification> {
  await admit(deps, 'audit.verify', ask);
  if (ask.full !== undefined && ask.full !== 'true' && ask.full !== 'false') {
    throw new ValidationError('The verification request is invalid.', [
      { pointer: '/full', message: 'must be true or false' },
    ]);
  }
  const mode: VerificationMode = ask.full === 'true' ? 'full' : 'since_checkpoint';
  return deps.audit.verify(ask.tenantId, { mode });
}
