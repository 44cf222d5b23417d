import type { PutEventsEntry } from '../canonical';

/** What became of one entry: on the bus (with the bus's event id), or not, and why. */
export type EntryOutcome =
  | { readonly index: number; readonly ok: true; readonly eventId: string }
  | { readonly index: number; readonly ok: false; readonly reason: string };

/** The canonical bus as the canonical lane publishes to it. */
export interface CanonicalBus {
  /**
   * Puts the entries, nothing lost silently: every entry's outcome is answered, by its position
   * in `entries`, in that order; one the bus cannot take (too large) fails with its reason.
   */
  put(entries: readonly PutEventsEntry[]): Promise<EntryOutcome[]>;
}
