import { Buffer } from 'node:buffer';

/**
 * Splitting PutEvents entries into calls EventBridge accepts. The lane publishes in batches to
 * save calls, but one call may carry at most 10 entries, and an entry over the size limit is
 * refused by EventBridge; such entries are reported here and never sent.
 */

export const PUT_EVENTS_LIMITS = Object.freeze({
  /** Entries per PutEvents call (the API's array maximum). */
  entriesPerCall: 10,
  /** Size of one entry, measured as `entrySize` does (EventBridge's documented maximum, 256 KB). */
  bytesPerEntry: 256 * 1024,
  /** Total size of the entries of one call, measured the same way. */
  bytesPerCall: 1024 * 1024,
});

/**
 * The fields of a PutEvents entry that count towards its size. The EventBridge SDK's
 * `PutEventsRequestEntry` fits this shape too; EventBusName and TraceHeader do not count.
 */
export interface MeasurableEntry {
  readonly Time?: Date;
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
}

export interface RejectedEntry {
  /** The entry's position in the list given to `chunkEntries`. */
  readonly index: number;
  readonly reason: string;
}

export interface EntryBatches<Entry> {
  /** One array per PutEvents call, in the original order. */
  readonly batches: Entry[][];
  readonly rejected: RejectedEntry[];
}

/** EventBridge counts a present Time as 14 bytes, whatever its value. */
const TIME_BYTES = 14;
const utf8Bytes = (text: string | undefined): number =>
  text === undefined ? 0 : Buffer.byteLength(text, 'utf8');

/**
 * An entry's size as EventBridge calculates it ("Calculating PutEvents event entry size", EventBridge
 * User Guide): 14 bytes for Time if present, plus the UTF-8 byte lengths of Source, DetailType,
 * Detail and each of Resources.
 */
export function entrySize(entry: MeasurableEntry): number {
  const resources = (entry.Resources ?? []).reduce((sum, resource) => sum + utf8Bytes(resource), 0);
  const time = entry.Time === undefined ? 0 : TIME_BYTES;
  return time + utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail) + resources;
}

/**
 * Splits entries into PutEvents calls of at most 10 entries and 1 MB, keeping their order. Entries
 * over 256 KB are rejected with their original index and the reason. Greedy packing is enough: an
 * accepted entry always fits in an empty call, and filling calls in order keeps events from one
 * publisher in the order they were published.
 */
export function chunkEntries<Entry extends MeasurableEntry>(entries: readonly Entry[]): EntryBatches<Entry> {
  const { entriesPerCall, bytesPerEntry, bytesPerCall } = PUT_EVENTS_LIMITS;
  const batches: Entry[][] = [];
  const rejected: RejectedEntry[] = [];
  let current: Entry[] = [];
  let currentBytes = 0;
  entries.forEach((entry, index) => {
    const bytes = entrySize(entry);
    if (bytes > bytesPerEntry) {
      rejected.push({
        index,
        reason: `entry is ${bytes} bytes; EventBridge accepts at most ${bytesPerEntry} bytes per entry`,
      });
      return;
    }
    if (current.length === entriesPerCall || currentBytes + bytes > bytesPerCall) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += bytes;
  });
  if (current.length > 0) batches.push(current);
  return { batches, rejected };
}
