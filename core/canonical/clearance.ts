import type { DataClassification } from '../manifest/types';
import { rankOf } from './model';

/*
 * Who may see data of which classification, apart from redaction (./redact.ts) and the registry of
 * types it reads: the lifecycle and the health round compute a subscriber's view from this alone,
 * so their bundles carry none of the canonical models' validators (test/infra/bundles.test.ts).
 */

/** What a subscribing plugin is cleared for, from its manifest. */
export interface SubscriberClearance {
  readonly traits: readonly string[];
  /**
   * The manifest's `security.data_classification`. When given, the full clearance rule applies
   * (as in core/policy): personal data also needs its classification declared, and
   * public < internal < confidential is a ladder up to the most sensitive one declared. When
   * omitted, only the personal-data traits are checked, for callers that enforced the ladder
   * already.
   */
  readonly classifications?: readonly DataClassification[];
}

/** Personal data needs an explicit trait, whatever else the subscriber declares. */
const TRAIT_FOR: Readonly<Partial<Record<DataClassification, string>>> = {
  pii: 'handles_pii',
  phi: 'handles_phi',
};

/** Whether a subscriber may see data of the classification. PHI clearance does not imply PII's. */
export function mayReceive(subscriber: SubscriberClearance, classification: DataClassification): boolean {
  if (classification === 'public') return true;
  const declared = subscriber.classifications;
  const trait = TRAIT_FOR[classification];
  if (trait !== undefined) {
    return subscriber.traits.includes(trait) && (declared === undefined || declared.includes(classification));
  }
  return declared === undefined || Math.max(-1, ...declared.map(rankOf)) >= rankOf(classification);
}
