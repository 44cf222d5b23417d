import { createHash } from 'node:crypto';
import type { SubscriptionTarget } from '../../core/ports';
import { INSTALLATION_RESOURCES } from './deploy-contract';

/**
 * EventBridge's default "Event pattern size" quota, in characters (adjustable to 4,096):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const DEFAULT_PATTERN_LIMIT = 2048;

/** One rule a set of subscribed types needs: its name, its pattern, the types it carries. */
export interface SubscriptionRule {
  readonly name: string;
  readonly pattern: string;
  readonly types: readonly string[];
}

/** Whose rules these are (`namePrefix`, under which they alone are named) and what they match. */
export interface RuleScope {
  readonly namePrefix: string;
  readonly tenantId: string;
  readonly view: string;
  readonly types: readonly string[];
}

const patternOf = (scope: RuleScope, types: readonly string[]) =>
  JSON.stringify({
    'detail-type': types,
    // Tenant and view: another tenant's events, and copies redacted for another clearance, never match.
    detail: { tenantId: [scope.tenantId], view: [scope.view] },
  });

/**
 * The rules a subscriber (an installation or an external bus) needs: all its types in one
 * pattern, so the number of rules on the bus grows with subscribers, not subscribers × types
 * ("Rules per event bus" is 300 by default). Only when the types do not fit in one pattern of
 * `limit` characters are they split, in sorted order, over as few rules as fit.
 *
 * A rule is named by a hash of its pattern (within EventBridge's 64 characters): changed
 * subscriptions make new rules beside the old ones, and the old go only once the new are in place,
 * so an upgrade that fails half-way leaves the old routing whole, never a type unrouted; the same
 * subscriptions make the same names, so ensuring again changes nothing.
 */
export function packedRules(scope: RuleScope, limit = DEFAULT_PATTERN_LIMIT): SubscriptionRule[] {
  const groups: string[][] = [];
  for (const type of [...new Set(scope.types)].sort()) {
    const last = groups.at(-1);
    if (last && patternOf(scope, [...last, type]).length <= limit) last.push(type);
    else groups.push([type]);
  }
  return groups.map((types) => {
    const pattern = patternOf(scope, types);
    const digest = createHash('sha256').update(pattern).digest('hex').slice(0, 12);
    return { name: `${scope.namePrefix}${digest}`, pattern, types };
  });
}

/** An installation's rules, named under its prefix (which IAM and the sweep know). */
export const subscriptionRules = (target: SubscriptionTarget, limit = DEFAULT_PATTERN_LIMIT) =>
  packedRules({ ...target, namePrefix: INSTALLATION_RESOURCES.rulePrefix(target.installationId) }, limit);
