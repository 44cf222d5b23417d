import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditRecord, GENESIS_HASH, verifyChain } from '../../core/audit';
import { ValidationError } from '../../core/errors';
import type { AuditArchive, AuditEntry, AuditLog } from '../../core/ports';
import { uniqueName } from '../support/unique';
import { everyPage, type Make } from './fixtures';

/** An audit entry of a tenant (a user's allowed enable unless overridden). */
export const entryOf = (tenantId: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  tenantId,
  actor: { kind: 'user', id: 'user-1' },
  action: 'installation.enable',
  target: { kind: 'installation', id: 'inst-1' },
  decision: 'allow',
  reasons: ['role admin may installation.enable'],
  traceId: 'trace-1',
  ...overrides,
});

/** An archive that keeps what it is given, and fails while told to. */
function recordingArchive() {
  const written: AuditRecord[] = [];
  let failing = false;
  const archive: AuditArchive = {
    async write(records) {
      if (failing) throw new Error('archive unavailable');
      written.push(...records);
    },
  };
  return { archive, written, fail: (on: boolean) => (failing = on) };
}

/** What every AuditLog does; `make` is given the archive `flush` must write to. */
export function auditLogContract(implementation: string, make: Make<(archive?: AuditArchive) => AuditLog>) {
  describe(`AuditLog contract: ${implementation}`, () => {
    let logOf: (archive?: AuditArchive) => AuditLog;
    let log: AuditLog;
    beforeAll(async () => {
      logOf = await make();
      log = logOf();
    });

    it("chains a tenant's records from the genesis hash, apart from other tenants'", async () => {
      // Prepare
      const tenantId = uniqueName('clinic');

      // Act
      const first = await log.append(entryOf(tenantId, { id: 'given-id', time: '2026-01-01T00:00:00.000Z' }));
      const second = await log.append(entryOf(tenantId));
      const other = await log.append(entryOf(uniqueName('other')));

      // Assess
      expect(first).toMatchObject({
        id: 'given-id',
        time: '2026-01-01T00:00:00.000Z',
        seq: 1,
        prevHash: GENESIS_HASH,
      });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, tenantId });
      expect(second.id).not.toBe(first.id);
      expect(Number.isNaN(Date.parse(second.time))).toBe(false);
      expect(other).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
      expect(verifyChain([first, second]).ok).toBe(true);
    });

    it('never forks under concurrent appends, and verifies from storage', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');

      // Act
      const records = await Promise.all(
        Array.from({ length: 30 }, (_, i) => log.append(entryOf(tenantId, { traceId: `trace-${i}` }))),
      );
      const verified = await log.verify(tenantId);

      // Assess
      expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      expect(verified).toEqual({ ok: true, count: 30, head: records.find((r) => r.seq === 30)!.hash });
      expect(await log.verify(uniqueName('empty'))).toMatchObject({ ok: true, count: 0 });
    });

    it('answers queries in chain order, filtered, page by page', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      const times = ['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z'];
      for (const [i, time] of times.entries()) {
        await log.append(entryOf(tenantId, { time, actor: { kind: 'user', id: `user-${i % 2}` } }));
        await log.append(entryOf(tenantId, { time, action: 'catalog.register' }));
      }

      // Act
      const all = await everyPage(4, (cursor) => log.query(tenantId, {}, 4, cursor));
      const byActor = await everyPage(1, (cursor) => log.query(tenantId, { actor: 'user-0' }, 1, cursor));
      const byAction = await everyPage(10, (cursor) =>
        log.query(tenantId, { action: 'catalog.register', from: times[1], to: times[2] }, 10, cursor),
      );

      // Assess
      expect(all.items.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(all.pages).toBe(2);
      expect(byActor.items.map((r) => r.seq)).toEqual([1, 5]);
      expect(byAction.items.map((r) => [r.seq, r.time])).toEqual([
        [4, times[1]],
        [6, times[2]],
      ]);
    });

    it("refuses a cursor of another tenant's records", async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      await log.append(entryOf(tenantId));
      await log.append(entryOf(tenantId));
      const { cursor } = await log.query(tenantId, {}, 1);

      // Act
      const elsewhere = log.query(uniqueName('other'), {}, 1, cursor);

      // Assess
      expect(cursor).toBeDefined();
      await expect(elsewhere).rejects.toBeInstanceOf(ValidationError);
    });

    it('archives on flush what it appended, once, and keeps what the archive refused for the next flush', async () => {
      // Prepare
      const { archive, written, fail } = recordingArchive();
      const archived = logOf(archive);
      const tenantId = uniqueName('clinic');
      const first = await archived.append(entryOf(tenantId));

      // Act
      fail(true);
      await expect(archived.flush()).rejects.toThrow('archive unavailable');
      fail(false);
      const second = await archived.append(entryOf(tenantId));
      await archived.flush();
      await archived.flush();

      // Assess
      expect(written.map((r) => r.hash).sort()).toEqual([first.hash, second.hash].sort());
      await expect(log.flush()).resolves.toBeUndefined();
    });
  });
}
