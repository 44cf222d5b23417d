import type { ManifestAuditLevel } from '../manifest/types';

/** How closely an action must be audited: `phi` records go to the PHI-grade trail. */
export type AuditLevel = 'standard' | 'phi';

/** What the lane must still do when it carries out an allowed action. */
export interface Obligations {
  /** JSON pointers of fields to remove before delivery, because the recipient may not see them. */
  readonly redactFields?: readonly string[];
  readonly auditLevel: AuditLevel;
  /**
   * What the lane records about the request beyond the decision, when a manifest asks for more
   * than the platform's floor (`compliance.audit_level`, ./audit-detail.ts); absent: basic.
   */
  readonly detail?: Exclude<ManifestAuditLevel, 'basic'>;
}

/** The obligation's `detail` for a level: nothing to add at the floor. */
export const detailOf = (level: ManifestAuditLevel): Pick<Obligations, 'detail'> =>
  level === 'basic' ? {} : { detail: level };

export interface Decision {
  readonly effect: 'allow' | 'deny';
  /** Why, in words for people: the audit record and the 403 body carry these. */
  readonly reasons: readonly string[];
  readonly obligations: Obligations;
  /** The rule that decided, stable enough to group audit records by. */
  readonly rule?: string;
}

export const allow = (
  rule: string,
  reasons: readonly string[],
  obligations?: Partial<Obligations>,
): Decision => ({
  effect: 'allow',
  reasons,
  obligations: { auditLevel: 'standard', ...obligations },
  rule,
});

export const deny = (
  rule: string,
  reasons: readonly string[],
  auditLevel: AuditLevel = 'standard',
): Decision => ({
  effect: 'deny',
  reasons,
  obligations: { auditLevel },
  rule,
});

/** One rule a lane request failed: the rule's name and the reason in words. */
export interface Failure {
  readonly rule: string;
  readonly reason: string;
}

/**
 * A lane's verdict from all of its checks at once: denied with every failing reason (so a plugin
 * author fixes everything in one go, and `rule` names the first), or allowed with the reasons that
 * held. The audit level is the same either way: an attempt on PHI is audited as PHI.
 */
export function laneVerdict(
  lane: string,
  failures: ReadonlyArray<Failure | undefined>,
  granted: readonly string[],
  obligations: Obligations,
): Decision {
  const failed = failures.filter((failure): failure is Failure => failure !== undefined);
  const [first] = failed;
  if (first === undefined) return allow(lane, granted, obligations);
  return deny(
    `${lane}.${first.rule}`,
    failed.map((failure) => failure.reason),
    obligations.auditLevel,
  );
}
