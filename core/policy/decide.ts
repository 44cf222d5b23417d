import {
  type Action,
  type AdminAction,
  isAction,
  isAdminAction,
  type LaneAction,
  type ResourceByAction,
} from './actions';
import { decideAdmin } from './admin';
import { decidePublish, decideSubscribe } from './canonical';
import { type Decision, deny } from './decision';
import { decideOperatorCall } from './operator';
import type { Principal } from './principal';
import { decideEgress } from './proxy';

const PRINCIPAL_KINDS: readonly string[] = ['user', 'platform_admin', 'plugin'];

const LANE_OF: Readonly<Record<LaneAction, string>> = {
  'canonical.publish': 'canonical',
  'canonical.subscribe': 'canonical',
  'operator.call': 'operator',
  'proxy.egress': 'proxy',
};

function decideLane(principal: Principal, action: LaneAction, resource: unknown): Decision {
  if (principal.kind !== 'plugin') {
    return deny('principal_kind', [`only plugin installations use the ${LANE_OF[action]} lane`]);
  }
  switch (action) {
    case 'canonical.publish':
      return decidePublish(principal, resource as ResourceByAction[typeof action]);
    case 'canonical.subscribe':
      return decideSubscribe(principal, resource as ResourceByAction[typeof action]);
    case 'operator.call':
      return decideOperatorCall(principal, resource as ResourceByAction[typeof action]);
    case 'proxy.egress':
      return decideEgress(principal, resource as ResourceByAction[typeof action]);
  }
}

/**
 * The one policy decision point, for every administrative action and every lane. Pure: the
 * caller gathers the facts (verified principal, installation state, allowlist match) and the
 * decision says allow or deny, why, and what the lane must still do. Every decision, either way,
 * is meant to become an audit record.
 *
 * Order: unknown principals and actions are denied (default deny), then requests without a
 * resource; then each family checks the tenant boundary before anything else, so a cross-tenant
 * request learns nothing about the other tenant. It never throws: input missing a part a rule
 * reads is denied, because a decision point that errors invites callers to treat the error as
 * "no objection".
 */
export function decide<A extends Action>(
  principal: Principal,
  action: A,
  resource: ResourceByAction[A],
): Decision {
  if (typeof principal !== 'object' || principal === null || !PRINCIPAL_KINDS.includes(principal.kind)) {
    return deny('principal_kind', ['the caller is not a recognised principal']);
  }
  if (!isAction(action)) {
    return deny('default_deny', [
      `${JSON.stringify(action)} is not a known action; anything not explicitly allowed is denied`,
    ]);
  }
  if (typeof resource !== 'object' || resource === null) {
    return deny('malformed_request', [`${action} was asked about no resource`]);
  }
  try {
    return isAdminAction(action)
      ? decideAdmin(principal, action, resource as ResourceByAction[AdminAction])
      : decideLane(principal, action as LaneAction, resource);
  } catch {
    return deny('malformed_request', [
      `${action} could not be decided: the request or the caller's manifest lacks a part the rule needs`,
    ]);
  }
}
