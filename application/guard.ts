import type { AuditActor, AuditTarget } from '../core/audit';
import {
  type AuthenticationError,
  EgressDeniedError,
  PolicyDeniedError,
  type VivifiedError,
} from '../core/errors';
import { type Action, type Decision, decide, type Principal, type ResourceByAction } from '../core/policy';
import { decisionInputs } from '../core/policy/inputs';
import type { AuditLog } from '../core/ports';
import { PLATFORM_TENANT_ID } from '../core/tenancy';
import type { Counter } from './observability';

/** The audit sink as the guard needs it: append one record to a tenant's chain. */
export type AuditAppender = Pick<AuditLog, 'append'>;

export interface Guarded {
  readonly traceId: string;
  /** What the action is about, for the audit record (e.g. `{ kind: 'installation', id: 'ehr-sync' }`). */
  readonly target: AuditTarget;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Every way an action is refused, each answered with its own error (and so its own status and
 * problem code), and each recorded the same way.
 */
export type Refusal = Guarded & { readonly action: string } & (
    | {
        /** Policy refuses, or a fact established before `decide` could be asked (no such target): 403 forbidden. */
        readonly kind: 'policy';
        readonly principal: Principal;
        readonly reasons: readonly string[];
      }
    | {
        /**
         * The caller's identity could not be established (401): recorded in the platform's chain,
         * since the caller has no verified tenant, as an unauthenticated user or plugin.
         */
        readonly kind: 'authentication';
        readonly caller: 'user' | 'plugin';
        readonly error: AuthenticationError;
      }
    | {
        /** The egress guard refuses a target for `rule` (scheme, credentials, port, address): 403 egress_denied. */
        readonly kind: 'egress';
        readonly principal: Principal;
        readonly reason: string;
        readonly rule: string;
      }
    | {
        /** An allowed action whose outcome is a refusal (a dedicated key not provisioned): that error. */
        readonly kind: 'outcome';
        readonly principal: Principal;
        readonly error: VivifiedError;
      }
  );

/** Whose chain records a decision: the acting principal's tenant; the platform's for platform admins. */
export const chainOf = (principal: Principal): string =>
  principal.kind === 'platform_admin' ? PLATFORM_TENANT_ID : principal.tenantId;

export const actorOf = (principal: Principal): AuditActor =>
  principal.kind === 'plugin'
    ? { kind: 'plugin' as const, id: principal.installationId }
    : { kind: principal.kind, id: principal.subject };

/** Who a refusal is recorded against, why, and the error the caller gets. */
function refusalOf(refusal: Refusal): {
  tenantId: string;
  actor: AuditActor;
  reasons: readonly string[];
  error: VivifiedError;
} {
  switch (refusal.kind) {
    case 'policy':
      return {
        tenantId: chainOf(refusal.principal),
        actor: actorOf(refusal.principal),
        reasons: refusal.reasons,
        error: new PolicyDeniedError(refusal.reasons[0] ?? 'The action is not allowed.', refusal.reasons),
      };
    case 'authentication':
      return {
        tenantId: PLATFORM_TENANT_ID,
        actor: { kind: refusal.caller, id: 'unauthenticated' },
        reasons: [refusal.error.message],
        error: refusal.error,
      };
    case 'egress':
      return {
        tenantId: chainOf(refusal.principal),
        actor: actorOf(refusal.principal),
        reasons: [refusal.reason],
        error: new EgressDeniedError(refusal.reason, refusal.rule),
      };
    case 'outcome':
      return {
        tenantId: chainOf(refusal.principal),
        actor: actorOf(refusal.principal),
        reasons: [refusal.error.message],
        error: refusal.error,
      };
  }
}

/**
 * Every action passes here: `decide`, then an audit record of the decision (allow or deny), and
 * only then does the caller act. Every refusal — policy's, a failed authentication, the egress
 * guard's, a refused outcome — goes through `refuse`, the one place that writes a `deny` record:
 * so none is left unaudited or uncounted, and each is recorded in the caller's own chain, never in
 * the chain of a tenant it tried to reach, which an outsider must not be able to write into.
 */
export function guard({ audit, metrics }: { audit: AuditAppender; metrics?: Counter }) {
  /** The deny record and its count, for a refusal that stops the request or one that does not. */
  async function recordRefusal(refusal: Refusal) {
    const { tenantId, actor, reasons, error } = refusalOf(refusal);
    metrics?.addMetric('DecisionsDenied', 'Count', 1);
    await audit.append({
      tenantId,
      actor,
      action: refusal.action,
      target: refusal.target,
      decision: 'deny',
      reasons,
      traceId: refusal.traceId,
      details: refusal.details,
    });
    return error;
  }

  /** Audits and counts the refusal, then throws its error. */
  async function refuse(refusal: Refusal): Promise<never> {
    throw await recordRefusal(refusal);
  }

  /**
   * `decide`, and once it allows, its record written and `alongside` run at the same time (the
   * lanes count the call against their limits there): one round trip instead of two, and both done
   * before the caller acts. A refused decision never runs `alongside`. Whatever failed is thrown
   * only once both have settled, the record's failure first, so nothing is left running.
   */
  async function authorizeAlongside<A extends Action, T>(
    principal: Principal,
    action: A,
    resource: ResourceByAction[A],
    context: Guarded & {
      /**
       * More for the allow record once the decision is known (what its obligations ask to be
       * said about the action), so what the action will do is recorded in the same write.
       */
      readonly describe?: (decision: Decision) => Readonly<Record<string, unknown>> | undefined;
    },
    alongside: () => Promise<T>,
  ): Promise<[Decision, T]> {
    const decision = decide(principal, action, resource);
    // The inputs `decide` read, so `explain` can ask it the same question again later.
    const { describe, ...guarded } = context;
    const details = {
      ...guarded.details,
      rule: decision.rule,
      auditLevel: decision.obligations.auditLevel,
      inputs: decisionInputs(principal, action, resource),
    };
    if (decision.effect === 'deny') {
      return refuse({ kind: 'policy', principal, action, ...guarded, details, reasons: decision.reasons });
    }
    metrics?.addMetric('DecisionsAllowed', 'Count', 1);
    const described = describe?.(decision);
    const [recorded, beside] = await Promise.allSettled([
      audit.append({
        tenantId: chainOf(principal),
        actor: actorOf(principal),
        action,
        target: context.target,
        decision: 'allow',
        reasons: decision.reasons,
        traceId: context.traceId,
        details: described ? { ...details, ...described } : details,
      }),
      alongside(),
    ]);
    if (recorded.status === 'rejected') throw recorded.reason;
    if (beside.status === 'rejected') throw beside.reason;
    return [decision, beside.value];
  }

  return {
    async authorize<A extends Action>(
      principal: Principal,
      action: A,
      resource: ResourceByAction[A],
      context: Guarded,
    ): Promise<Decision> {
      const [decision] = await authorizeAlongside(
        principal,
        action,
        resource,
        context,
        async () => undefined,
      );
      return decision;
    },

    authorizeAlongside,

    refuse,

    /**
     * Refuses what a caller claimed without refusing its request (identity headers that disagree
     * with its credential are ignored): recorded and counted as a refusal, and nothing is thrown.
     */
    async disregard(
      principal: Principal,
      action: string,
      context: Guarded & { readonly reasons: readonly string[] },
    ) {
      await recordRefusal({ kind: 'policy', principal, action, ...context });
    },

    /** Records what happened after an allowed action (state changes, failures), in the same chain. */
    async record(
      principal: Principal,
      action: string,
      context: Guarded & { readonly reasons: readonly string[] },
    ) {
      return audit.append({
        tenantId: chainOf(principal),
        actor: actorOf(principal),
        action,
        target: context.target,
        decision: 'allow',
        reasons: context.reasons,
        traceId: context.traceId,
        details: context.details,
      });
    },
  };
}

export type Guard = ReturnType<typeof guard>;
