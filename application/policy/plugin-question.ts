import { classificationOf, isKnownEventType } from '../../core/canonical/known-types';
import { secretBindings } from '../../core/config/secret-hosts';
import { checkSecretHosts, checkUrl } from '../../core/egress';
import { isRunning } from '../../core/lifecycle';
import {
  type Action,
  type Decision,
  decide,
  type OperatorTarget,
  type PluginPrincipal,
} from '../../core/policy';
import { subscribeResource } from '../../core/policy/matrix';
import type { LaneCheck, SimulatedDecision, SimulatedResource } from '../../core/policy/simulation';
import { ALLOWLIST_RULES, type EgressSettings, egressChecksFor } from '../lanes/egress-checks';

/*
 * One simulated question of a plugin, asked as its lane asks it: the lane's checks outside
 * `decide`, in the lane's order and through the functions the lane calls, around `decide` itself.
 */

/** A plugin as simulated: its principal and the lifecycle state its lanes would see. */
export interface SimulatedPlugin {
  readonly principal: PluginPrincipal;
  readonly state: OperatorTarget['state'];
}

export const answer = (action: string, checks: LaneCheck[], decision?: Decision): SimulatedDecision => ({
  action,
  effect: decision?.effect === 'allow' && checks.every((check) => check.allowed) ? 'allow' : 'deny',
  ...(decision ? { decision } : {}),
  checks,
});

/** The egress guard's URL rules, `decide`, then each referenced secret's host binding: the proxy lane's order. */
function simulateEgress(
  principal: PluginPrincipal,
  resource: SimulatedResource,
  settings: EgressSettings | undefined,
): SimulatedDecision {
  const url = resource.url ?? '';
  const first = checkUrl(url, egressChecksFor(principal, settings).policy);
  if (!first.allowed && !ALLOWLIST_RULES.has(first.rule)) {
    return answer('proxy.egress', [{ rule: first.rule, allowed: false, reason: first.reason }]);
  }
  const host = first.allowed ? first.host : new URL(url).hostname;
  const decision = decide(principal, 'proxy.egress', {
    host: new URL(url).hostname,
    allowlist:
      first.allowed && first.source && first.entry
        ? { matched: true, source: first.source, entry: first.entry }
        : { matched: false },
  });
  const checks: LaneCheck[] = [{ rule: first.rule, allowed: first.allowed }];
  if (decision.effect === 'allow') {
    const bound = checkSecretHosts(
      host,
      [...new Set(resource.secrets ?? [])].sort(),
      secretBindings(principal.manifest.config, principal.manifest.allowed_domains),
    );
    checks.push(
      bound.allowed
        ? { rule: bound.rule, allowed: true }
        : { rule: bound.rule, allowed: false, reason: bound.reason },
    );
  }
  return answer('proxy.egress', checks, decision);
}

/** One plugin question, asked as its lane asks it: the lane's own checks around `decide`. */
export function simulatePluginAction(
  subject: SimulatedPlugin,
  /** The tenant's installations, the principal's own among them when it is installed (as the lane finds it). */
  installed: readonly OperatorTarget[],
  action: string,
  resource: SimulatedResource,
  settings: EgressSettings | undefined,
): SimulatedDecision {
  const { principal } = subject;
  if (!isRunning(subject.state)) {
    return answer(action, [
      {
        rule: 'caller_not_running',
        allowed: false,
        reason: `the calling installation is ${subject.state}; only running installations use the lanes`,
      },
    ]);
  }
  const eventType = resource.eventType ?? '';
  switch (action) {
    case 'canonical.publish':
    case 'canonical.subscribe':
      if (!isKnownEventType(eventType)) {
        return answer(action, [
          { rule: 'unknown_type', allowed: false, reason: `${eventType} is not a canonical event type` },
        ]);
      }
      return answer(
        action,
        [],
        action === 'canonical.publish'
          ? decide(principal, action, {
              tenantId: principal.tenantId,
              eventType,
              classification: classificationOf(eventType),
            })
          : decide(principal, action, subscribeResource(principal.tenantId, eventType)),
      );
    case 'operator.call': {
      const targetPluginId = resource.targetPluginId ?? '';
      const target = installed.find((other) => other.pluginId === targetPluginId);
      if (!target) {
        return answer(action, [
          {
            rule: 'target_not_installed',
            allowed: false,
            reason: `${targetPluginId} is not installed in tenant ${principal.tenantId}`,
          },
        ]);
      }
      return answer(action, [], decide(principal, action, { target, operation: resource.operation ?? '' }));
    }
    case 'proxy.egress':
      return simulateEgress(principal, resource, settings);
    default:
      return answer(
        action,
        [],
        decide(principal, action as Action, { tenantId: principal.tenantId } as never),
      );
  }
}
