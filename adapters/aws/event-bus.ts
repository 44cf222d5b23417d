import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { chunkEntries, type PutEventsEntry } from '../../core/canonical';
import type { CanonicalBus, EntryOutcome } from '../../core/ports';
import { eventBridge as sharedEventBridge } from './clients';

export interface EventBusOptions {
  /** Attempts per entry, the first included. @default 4 */
  readonly attempts?: number;
  /** First retry delay; doubles with jitter. @default 100 ms */
  readonly backoffMs?: number;
  /** @default the process's shared client (./clients.ts) */
  readonly eventBridge?: EventBridgeClient;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PutEvents with nothing lost silently: entries are chunked to EventBridge's limits (10 entries,
 * 1 MB; an entry over 256 KB is rejected with its reason), entries EventBridge fails are retried
 * with exponential backoff, and every entry's outcome is reported by its original position.
 */
export async function putEvents(
  entries: readonly PutEventsEntry[],
  options: EventBusOptions = {},
): Promise<EntryOutcome[]> {
  const eventBridge = options.eventBridge ?? sharedEventBridge;
  const outcomes: EntryOutcome[] = [];
  const { batches, rejected } = chunkEntries(entries);
  for (const r of rejected) outcomes.push({ index: r.index, ok: false, reason: r.reason });
  const rejectedIndexes = new Set(rejected.map((r) => r.index));
  const accepted = entries.map((_, index) => index).filter((index) => !rejectedIndexes.has(index));
  let cursor = 0;
  const numbered = batches.map((batch) => batch.map((entry) => ({ entry, index: accepted[cursor++]! })));
  // Batches go out together: EventBridge does not order events across calls anyway, and a lane
  // request publishing one copy per subscriber view should cost one round trip, not one per view.
  await Promise.all(
    numbered.map(async (batch) => {
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > 1) await sleep((options.backoffMs ?? 100) * 2 ** (attempt - 2) * (0.5 + Math.random()));
        let results: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
        try {
          const answer = await eventBridge.send(
            new PutEventsCommand({ Entries: pending.map(({ entry }) => entry as PutEventsRequestEntry) }),
          );
          results = answer.Entries ?? [];
        } catch (error) {
          // The whole call failed (throttled, network): every pending entry is retried.
          results = pending.map(() => ({
            ErrorCode: (error as Error).name,
            ErrorMessage: (error as Error).message,
          }));
        }
        const failed: typeof pending = [];
        pending.forEach((item, i) => {
          const result = results[i];
          if (result?.EventId) outcomes.push({ index: item.index, ok: true, eventId: result.EventId });
          else if (attempt >= (options.attempts ?? 4)) {
            outcomes.push({
              index: item.index,
              ok: false,
              reason: `${result?.ErrorCode ?? 'Unknown'}: ${result?.ErrorMessage ?? 'no result'}`,
            });
          } else failed.push(item);
        });
        pending = failed;
      }
    }),
  );
  return outcomes.sort((a, b) => a.index - b.index);
}

/** The canonical bus on EventBridge, as the canonical lane publishes to it. */
export const eventBridgeBus = (options: EventBusOptions = {}): CanonicalBus => ({
  put: (entries) => putEvents(entries, options),
});
