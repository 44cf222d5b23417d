import type { AuditRecord, ChainVerification, VerificationMode } from '../../core/audit';
import { ValidationError } from '../../core/errors';
import type { Principal } from '../../core/policy';
import type { AuditLog, AuditQuery, Page } from '../../core/ports';
import type { PageAsk, Unvalidated } from '../attempt';
import { guard } from '../guard';
import type { Counter } from '../observability';

/*
 * A tenant's audit trail: query it, and verify its hash chain from storage. Reading the trail is
 * itself decided and recorded.
 */

export interface AuditTrailDeps {
  readonly audit: Pick<AuditLog, 'append' | 'query' | 'verify'>;
  readonly metrics?: Counter;
}

export interface AuditAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly traceId: string;
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

/** One page of a tenant's records, filtered by time (any ISO 8601 instants), actor id, action and decision. */
export async function readAuditTrail(
  deps: AuditTrailDeps,
  ask: AuditAsk & { readonly filter: AuditQuery; readonly page: Unvalidated<PageAsk> },
): Promise<Page<AuditRecord>> {
  await admit(deps, 'audit.read', ask);
  const { from, to, actor, action, decision } = ask.filter;
  const invalid = [
    ...(isInstant(from) ? [] : [{ pointer: '/from', message: 'must be an ISO 8601 instant' }]),
    ...(isInstant(to) ? [] : [{ pointer: '/to', message: 'must be an ISO 8601 instant' }]),
    ...(decision === undefined || DECISIONS.has(decision)
      ? []
      : [{ pointer: '/decision', message: 'must be allow or deny' }]),
  ];
  if (invalid.length > 0) throw new ValidationError('The audit query is invalid.', invalid);
  const { limit, cursor } = ask.page.parse(ask.page.raw);
  return deps.audit.query(
    ask.tenantId,
    {
      from: from && new Date(from).toISOString(),
      to: to && new Date(to).toISOString(),
      actor,
      action,
      decision,
    },
    limit,
    cursor,
  );
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
