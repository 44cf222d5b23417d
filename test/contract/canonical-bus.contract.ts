import { beforeAll, describe, expect, it } from 'vitest';
import type { PutEventsEntry } from '../../core/canonical';
import type { CanonicalBus } from '../../core/ports';
import type { Make } from './fixtures';

/** What every CanonicalBus does; `busName` names a bus entries may be put on. */
export function canonicalBusContract(
  implementation: string,
  make: Make<{ readonly bus: CanonicalBus; readonly busName: string }>,
) {
  describe(`CanonicalBus contract: ${implementation}`, () => {
    let bus: CanonicalBus;
    let entryOf: (detail: unknown) => PutEventsEntry;
    beforeAll(async () => {
      const made = await make();
      bus = made.bus;
      entryOf = (detail) => ({
        Source: 'vivified.plugin.contract',
        DetailType: 'UserCreated.v1',
        Detail: JSON.stringify(detail),
        EventBusName: made.busName,
      });
    });

    it('answers every entry by its position, across more entries than one call takes', async () => {
      // Prepare
      const entries = Array.from({ length: 23 }, (_, i) => entryOf({ n: i }));

      // Act
      const outcomes = await bus.put(entries);

      // Assess
      expect(outcomes.map((o) => o.index)).toEqual(entries.map((_, i) => i));
      expect(outcomes.every((o) => o.ok && o.eventId.length > 0)).toBe(true);
      expect(new Set(outcomes.map((o) => (o.ok ? o.eventId : ''))).size).toBe(23);
    });

    it('fails an entry too large for the bus with its reason, and puts the others', async () => {
      // Prepare
      const entries = [entryOf({ n: 0 }), entryOf({ big: 'x'.repeat(300 * 1024) }), entryOf({ n: 2 })];

      // Act
      const outcomes = await bus.put(entries);

      // Assess
      expect(outcomes.map((o) => [o.index, o.ok])).toEqual([
        [0, true],
        [1, false],
        [2, true],
      ]);
      expect(outcomes[1]).toMatchObject({ ok: false, reason: expect.stringContaining('bytes') });
    });
  });
}
