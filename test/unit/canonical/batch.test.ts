import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkEntries,
  entrySize,
  type MeasurableEntry,
  PUT_EVENTS_LIMITS,
  stampEvent,
  toPutEventsEntry,
} from '../../../core/canonical';
import { pluginDraft } from './fixtures';

const KB = 1024;
const { bytesPerCall, bytesPerEntry, entriesPerCall } = PUT_EVENTS_LIMITS;

/** An entry of exactly `bytes` bytes by EventBridge's count (Source "s", DetailType "t", no Time). */
const entryOf = (bytes: number, tag = ''): MeasurableEntry & { tag: string } => ({
  Source: 's',
  DetailType: 't',
  Detail: 'x'.repeat(bytes - 2),
  tag,
});

const totalBytes = (batch: readonly MeasurableEntry[]) =>
  batch.reduce((sum, entry) => sum + entrySize(entry), 0);

describe('entrySize', () => {
  it('counts as EventBridge does: 14 bytes for Time, UTF-8 bytes of Source, DetailType, Detail and Resources', () => {
    const entry = {
      Time: new Date('2025-03-14T09:26:53Z'),
      Source: 'vivified.plugin.a',
      DetailType: 'é',
      Detail: '{"n":"😀"}',
      Resources: ['arn:1', 'ü'],
    };

    expect(entrySize(entry)).toBe(14 + 17 + 2 + (8 + 4) + (5 + 2));
  });

  it('does not count the bus name or the trace header, and counts Time only when present', () => {
    const entry = toPutEventsEntry(stampEvent(pluginDraft('UserCreated.v1')), 'a-very-long-bus-name');
    const { EventBusName: _bus, TraceHeader: _trace, Time: _time, ...counted } = entry;

    expect(entry.TraceHeader).toBeDefined();
    expect(entrySize(entry)).toBe(14 + entrySize(counted));
    expect(entrySize(counted)).toBe(
      Buffer.byteLength(entry.Source) + Buffer.byteLength(entry.DetailType) + Buffer.byteLength(entry.Detail),
    );
  });

  it('counts an entry with nothing set as empty', () => {
    expect(entrySize({})).toBe(0);
  });
});

describe('chunkEntries', () => {
  it('sends nothing for no entries', () => {
    expect(chunkEntries([])).toEqual({ batches: [], rejected: [] });
  });

  it('puts at most 10 entries in a call', () => {
    const entries = Array.from({ length: 25 }, (_, index) => entryOf(100, `e${index}`));

    const { batches, rejected } = chunkEntries(entries);

    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(entries);
    expect(rejected).toEqual([]);
  });

  it('starts a new call before one would pass 1 MB', () => {
    const entries = Array.from({ length: 5 }, () => entryOf(250 * KB));

    expect(chunkEntries(entries).batches.map((batch) => batch.length)).toEqual([4, 1]);
  });

  it('fills a call up to exactly 1 MB', () => {
    const entries = Array.from({ length: 4 }, () => entryOf(256 * KB));

    const { batches } = chunkEntries(entries);

    expect(batches).toHaveLength(1);
    expect(totalBytes(batches[0]!)).toBe(bytesPerCall);
  });

  it('does not pass 1 MB by a single byte', () => {
    const entries = [
      ...Array.from({ length: 3 }, () => entryOf(256 * KB)),
      entryOf(256 * KB - 10),
      entryOf(11),
    ];

    expect(chunkEntries(entries).batches.map((batch) => batch.length)).toEqual([4, 1]);
  });

  it('accepts an entry of exactly 256 KB and rejects one byte more, by original index', () => {
    const entries = [entryOf(10, 'a'), entryOf(bytesPerEntry + 1, 'b'), entryOf(bytesPerEntry, 'c')];

    const { batches, rejected } = chunkEntries(entries);

    expect(batches.flat().map((entry) => entry.tag)).toEqual(['a', 'c']);
    expect(rejected).toEqual([
      { index: 1, reason: 'entry is 262145 bytes; EventBridge accepts at most 262144 bytes per entry' },
    ]);
  });

  it('counts bytes, not characters', () => {
    const emoji = { Source: 's', DetailType: 't', Detail: '😀'.repeat(70 * KB) };

    expect(entrySize(emoji)).toBe(2 + 280 * KB);
    expect(chunkEntries([emoji]).rejected).toHaveLength(1);
  });
});

describe('chunkEntries properties', () => {
  const CHARACTERS = ['a', 'é', '€', '😀'];
  const measurable = fc
    .record({
      size: fc.oneof(
        fc.integer({ min: 0, max: 2 * KB }),
        fc.integer({ min: 50 * KB, max: bytesPerEntry }),
        fc.integer({ min: bytesPerEntry - 16, max: bytesPerEntry + 16 }),
        fc.integer({ min: bytesPerEntry + 1, max: 300 * KB }),
      ),
      character: fc.constantFrom(...CHARACTERS),
      time: fc.boolean(),
      source: fc.string({ maxLength: 20, unit: 'grapheme' }),
      resources: fc.array(fc.string({ maxLength: 30, unit: 'grapheme' }), { maxLength: 3 }),
    })
    .map(({ size, character, time, source, resources }) => ({
      ...(time ? { Time: new Date(0) } : {}),
      Source: source,
      DetailType: 'UserCreated.v1',
      Detail: character.repeat(Math.floor(size / Buffer.byteLength(character))),
      Resources: resources,
    }));
  const entryLists = fc.array(measurable, { maxLength: 35 });

  it('never builds a call over 10 entries or 1 MB, nor an empty one', () => {
    fc.assert(
      fc.property(entryLists, (entries) => {
        for (const batch of chunkEntries(entries).batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(entriesPerCall);
          expect(totalBytes(batch)).toBeLessThanOrEqual(bytesPerCall);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every entry that fits, in order, and rejects exactly the oversized by original index', () => {
    fc.assert(
      fc.property(entryLists, (entries) => {
        const { batches, rejected } = chunkEntries(entries);
        const oversized = entries.flatMap((entry, index) =>
          entrySize(entry) > bytesPerEntry ? [index] : [],
        );

        expect(batches.flat()).toEqual(entries.filter((_, index) => !oversized.includes(index)));
        expect(rejected.map((entry) => entry.index)).toEqual(oversized);
        expect(batches.flat().length + rejected.length).toBe(entries.length);
        for (const { index, reason } of rejected) {
          expect(reason).toBe(
            `entry is ${entrySize(entries[index]!)} bytes; EventBridge accepts at most ${bytesPerEntry} bytes per entry`,
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it('starts a new call only when the next entry would not fit the current one', () => {
    fc.assert(
      fc.property(entryLists, (entries) => {
        const { batches } = chunkEntries(entries);
        for (const [index, batch] of batches.slice(0, -1).entries()) {
          const next = batches[index + 1]![0]!;
          expect(batch.length === entriesPerCall || totalBytes(batch) + entrySize(next) > bytesPerCall).toBe(
            true,
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
