import type { AuditRecord } from '../audit/record';
import type { Decision } from './decision';
import type { DecisionInputs } from './inputs';

/** What an audit record says was decided: its effect, the rule (in `details.rule`) and reasons. */
export interface RecordedDecision {
  readonly decision: 'allow' | 'deny';
  readonly rule?: string;
  readonly reasons: readonly string[];
}

/** A decision asked again, and how it compares with the one recorded. */
export interface Replay {
  readonly decision: Decision;
  /** Same effect and rule: the policy decides this question as it did. */
  readonly same: boolean;
  /** In words, what differs (effect, rule, reasons); empty when nothing does. */
  readonly differences: readonly string[];
}

/**
 * Compares a decision asked again with the one an audit record kept. Effect and rule decide
 * whether it is the same; reasons are words and may be reworded without the policy changing, so
 * a difference in them alone is reported but does not make the decision another one.
 */
export function compareWithRecord(recorded: RecordedDecision, decision: Decision): Replay {
  const differences: string[] = [];
  if (recorded.decision !== decision.effect)
    differences.push(`recorded ${recorded.decision}, now ${decision.effect}`);
  if (recorded.rule !== undefined && recorded.rule !== decision.rule)
    differences.push(`recorded rule ${recorded.rule}, now ${decision.rule}`);
  const same = differences.length === 0;
  if (recorded.reasons.join('\n') !== decision.reasons.join('\n'))
    differences.push(`reasons now: ${decision.reasons.join('; ')}`);
  return { decision, same, differences };
}

/** Why one audit record's decision came out as it did, and whether it would today. */
export interface Explanation {
  readonly record: Pick<AuditRecord, 'seq' | 'id' | 'time' | 'action' | 'decision' | 'reasons'> & {
    readonly rule?: string;
  };
  /** The inputs the record kept, when it kept them. */
  readonly inputs?: DecisionInputs;
  /** Why the decision cannot be asked again, when it cannot. */
  readonly unexplained?: string;
  /** `decide` asked again with the recorded inputs: the record's own question under today's rules. */
  readonly replay?: Replay;
  /** `decide` asked with today's facts (the installations' current versions and states), where they differ. */
  readonly today?: Replay & { readonly facts: readonly string[] };
}
