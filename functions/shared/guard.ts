import type { Metrics } from '@aws-lambda-powertools/metrics';
import { PolicyDeniedError } from '../../core/errors';
import { type Action, type Decision, decide, type Principal, type ResourceByAction } from '../../core/policy';
import type { AuditLog } from '../../core/ports';
import { PLATFORM_TENANT_ID } from '../../core/tenancy';

/** The audit sink as the guard needs it: append one record to a tenant's chain. */
export type AuditAppender = Pick<AuditLog, 'append'>;

export interface Guarded {
  readonly traceId: string;
  /** What the action is about, for the audit record (e.g. `{ kind: 'installation', id: 'ehr-sync' }`). */
  readonly target: { readonly kind: string; readonly id: string };
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Whose chain records a decision: the acting principal's tenant; the platform's for platform admins. */
export const chainOf = (principal: Principal): string =>
  principal.kind === 'platform_admin' ? PLATFORM_TENANT_ID : principal.tenantId;

export const actorOf = (principal: Principal) =>
  principal.kind === 'plugin'
    ? { kind: 'plugin' as const, id: principal.installationId }
    : { kind: principal.kind, id: principal.subject };

/**
 * Every action passes here: `decide`, then an audit record of the decision (allow or deny), and
 * only then does the caller act. A denial is recorded in the caller's own chain — never in the
 * chain of a tenant it tried to reach, which an outsider must not be able to write into.
 */
export function guard({ audit, metrics }: { audit: AuditAppender; metrics?: Pick<Metrics, 'addMetric'> }) {
  return {
    async authorize<A extends Action>(
      principal: Principal,
      action: A,
      resource: ResourceByAction[A],
      context: Guarded,
    ): Promise<Decision> {
      const decision = decide(principal, action, resource);
      metrics?.addMetric(decision.effect === 'allow' ? 'DecisionsAllowed' : 'DecisionsDenied', 'Count', 1);
      await audit.append({
        tenantId: chainOf(principal),
        actor: actorOf(principal),
        action,
        target: context.target,
        decision: decision.effect,
        reasons: decision.reasons,
        traceId: context.traceId,
        details: { ...context.details, rule: decision.rule, auditLevel: decision.obligations.auditLevel },
      });
      if (decision.effect === 'deny') {
        throw new PolicyDeniedError(decision.reasons[0] ?? 'The action is not allowed.', decision.reasons);
      }
      return decision;
    },

    /** Refuses for a reason established before `decide` could be asked (e.g. no such target); audited. */
    async refuse(
      principal: Principal,
      action: string,
      context: Guarded & { readonly reasons: readonly string[] },
    ): Promise<never> {
      metrics?.addMetric('DecisionsDenied', 'Count', 1);
      await audit.append({
        tenantId: chainOf(principal),
        actor: actorOf(principal),
        action,
        target: context.target,
        decision: 'deny',
        reasons: context.reasons,
        traceId: context.traceId,
        details: context.details,
      });
      throw new PolicyDeniedError(context.reasons[0] ?? 'The action is not allowed.', context.reasons);
    },

    /**
     * Records what happened after an allowed action (state changes, failures), in the same chain;
     * `decision: 'deny'` when the action was allowed but its outcome is a refusal (e.g. a tenant
     * whose dedicated key is not provisioned), so the chain never shows a refusal as allowed.
     */
    async record(
      principal: Principal,
      action: string,
      context: Guarded & { readonly reasons: readonly string[]; readonly decision?: 'allow' | 'deny' },
    ) {
      if (context.decision === 'deny') metrics?.addMetric('DecisionsDenied', 'Count', 1);
      return audit.append({
        tenantId: chainOf(principal),
        actor: actorOf(principal),
        action,
        target: context.target,
        decision: context.decision ?? 'allow',
        reasons: context.reasons,
        traceId: context.traceId,
        details: context.details,
      });
    },
  };
}

export type Guard = ReturnType<typeof guard>;
