import { randomUUID } from 'node:crypto';
import { chunkEntries, type PutEventsEntry } from '../../core/canonical';
import type { CanonicalBus, EntryOutcome } from '../../core/ports';

/**
 * The canonical bus in memory: takes what EventBridge takes (core's `chunkEntries` applies its
 * limits, so an entry too large fails with the same reason) and keeps the entries put, in order.
 */
export function memoryCanonicalBus(): CanonicalBus & { readonly events: readonly PutEventsEntry[] } {
  const events: PutEventsEntry[] = [];
  return {
    async put(entries) {
      const { rejected } = chunkEntries(entries);
      const reasons = new Map(rejected.map((r) => [r.index, r.reason]));
      return entries.map((entry, index): EntryOutcome => {
        const reason = reasons.get(index);
        if (reason !== undefined) return { index, ok: false, reason };
        events.push(entry);
        return { index, ok: true, eventId: randomUUID() };
      });
    },
    events,
  };
}
