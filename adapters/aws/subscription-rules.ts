import { createHash } from 'node:crypto';
import type { SubscriptionTarget } from '../../core/ports';
import { INSTALLATION_RESOURCES } from './deploy-contract';

/**
 * EventBridge's default "Event pattern size" quota, in characters (adjustable to 4,096):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const DEFAULT_PATTERN_LIMIT = 2048;

/** One rule an installation's subscriptions need: its name, its pattern, the types it carries. */
export interface SubscriptionRule {
  readonly name: string;
  readonly pattern: string;
  readonly types: readonly string[];
}

const patternOf = (target: SubscriptionTarget, types: readonly string[]) =>
  JSON.stringify({
    'detail-type': types,
    // Tenant and view: another tenant's events, and copies redacted for another clearance, never match.
    detail: { tenantId: [target.tenantId], view: [target.view] },
  });

/**
 * The rules an installation's subscriptions need: all its types in one pattern, so the number of
 * rules on the bus grows with installations, not installations × types ("Rules per event bus" is
 * 300 by default). Only when the types do not fit in one pattern of `limit` characters are they
 * split, in sorted order, over as few rules as fit.
 *
 * A rule is named by a hash of its pattern (within EventBridge's 64 characters): changed
 * subscriptions make new rules beside the old ones, and the old go only once the new are in place,
 * so an upgrade that fails half-way leaves the old routing whole, never a type unrouted; the same
 * subscriptions make the same names, so ensuring again changes nothing.
 */
export function subscriptionRules(
  target: SubscriptionTarget,
  limit = DEFAULT_PATTERN_LIMIT,
): SubscriptionRule[] {
  const groups: string[][] = [];
  for (const type of [...new Set(target.types)].sort()) {
    const last = groups.at(-1);
    if (last && patternOf(target, [...last, type]).length <= limit) last.push(type);
    else groups.push([type]);
  }
  return groups.map((types) => {
    const pattern = patternOf(target, types);
    const digest = createHash('sha256').update(pattern).digest('hex').slice(0, 12);
    return { name: `${INSTALLATION_RESOURCES.rulePrefix(target.installationId)}${digest}`, pattern, types };
  });
}
