import { beforeAll, describe, expect, it } from 'vitest';
import { memoryAuditArchive } from '../../adapters/memory/audit-archive';
import {
  type AuditCheckpoint,
  type AuditRecord,
  checkpointAt,
  GENESIS_HASH,
  recordHash,
  verifyChain,
} from '../../core/audit';
import { ValidationError } from '../../core/errors';
import type { AuditAnchors, AuditArchive, AuditEntry, AuditLog } from '../../core/ports';
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
    anchored: async () => undefined,
  };
  return { archive, written, fail: (on: boolean) => (failing = on) };
}

export interface AuditLogOptionsUnderTest {
  /** What `flush` writes to. */
  readonly archive?: AuditArchive;
  /** What verification trusts checkpoints by (the archive when left out). */
  readonly anchors?: AuditAnchors;
  readonly checkpointInterval?: number;
}

/** Logs over one storage, and a way to change what it holds behind the log's back. */
export interface AuditLogUnderTest {
  logOf(options?: AuditLogOptionsUnderTest): AuditLog;
  /** Rewrites a stored record or checkpoint in place, as anyone with write access to the table could. */
  overwrite(item: AuditRecord | AuditCheckpoint): Promise<void>;
  /** Deletes a tenant's records from `seq` on, leaving the head item as it was. */
  remove(tenantId: string, fromSeq: number): Promise<void>;
  /** Deletes a tenant's records and checkpoints after `seq` and points the head item at record `seq`. */
  rewind(tenantId: string, toSeq: number): Promise<void>;
}

/** A record changed after the fact, its hash recomputed so only the links give it away. */
const rewritten = (record: AuditRecord, patch: Partial<AuditRecord>): AuditRecord => {
  const { hash: _hash, ...rest } = { ...record, ...patch };
  return { ...rest, hash: recordHash(rest) };
};

/** Long before now: a checkpoint of this time is past the grace its anchor had. */
const longAgo = (i: number) => new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString();

/** What every AuditLog does. */
export function auditLogContract(implementation: string, make: Make<AuditLogUnderTest>) {
  describe(`AuditLog contract: ${implementation}`, () => {
    let subject: AuditLogUnderTest;
    let logOf: (options?: AuditLogOptionsUnderTest) => AuditLog;
    let log: AuditLog;
    beforeAll(async () => {
      subject = await make();
      logOf = (options) => subject.logOf(options);
      log = logOf();
    });

    /** A log checkpointing every 4 records, archived and anchored in memory, with `count` records appended and flushed. */
    async function checkpointed(
      count: number,
      options: { flush?: boolean; times?: (i: number) => string } = {},
    ) {
      const archive = memoryAuditArchive({ checkpointInterval: 4 });
      const checkpointing = logOf({ archive, checkpointInterval: 4 });
      const tenantId = uniqueName('clinic');
      const records: AuditRecord[] = [];
      for (let i = 0; i < count; i++)
        records.push(await checkpointing.append(entryOf(tenantId, { time: (options.times ?? longAgo)(i) })));
      if (options.flush ?? true) await checkpointing.flush();
      return { log: checkpointing, tenantId, records };
    }

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

    it('reads one record by its seq, and nothing for a seq it has not', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      await log.append(entryOf(tenantId));
      const second = await log.append(entryOf(tenantId, { traceId: 'trace-2' }));

      // Act
      const found = await log.record(tenantId, 2);

      // Assess
      expect(found).toEqual(second);
      expect(await log.record(tenantId, 3)).toBeUndefined();
      expect(await log.record(tenantId, 0)).toBeUndefined();
      expect(await log.record(uniqueName('other'), 1)).toBeUndefined();
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
      expect(verified).toMatchObject({ ok: true, count: 30, head: records.find((r) => r.seq === 30)!.hash });
      expect(await log.verify(uniqueName('empty'))).toMatchObject({ ok: true, count: 0 });
    });

    it('keeps every record of several containers appending at once, each in the order it appended, and verifies', async () => {
      // Prepare: four logs over one storage share nothing in memory, as four Lambda containers.
      const tenantId = uniqueName('clinic');
      const containers = ['a', 'b', 'c', 'd'].map((name) => ({ name, log: logOf() }));
      await containers[0]!.log.append(entryOf(tenantId, { traceId: 'first' }));

      // Act: each appends 12 records one after another (as a lane awaits each), all four at once.
      const appended = await Promise.all(
        containers.map(async ({ name, log: container }) => {
          const mine: AuditRecord[] = [];
          for (let i = 0; i < 12; i++)
            mine.push(await container.append(entryOf(tenantId, { traceId: `${name}-${i}` })));
          return mine;
        }),
      );
      const stored = await everyPage(100, (cursor) => log.query(tenantId, {}, 100, cursor));
      const since = await containers[3]!.log.verify(tenantId);
      const full = await log.verify(tenantId, { mode: 'full' });

      // Assess
      expect(stored.items.map((r) => r.seq)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
      const bySeq = new Map(stored.items.map((r) => [r.seq, r]));
      for (const [i, { name }] of containers.entries()) {
        // What each container was told it appended is what storage holds, at that position.
        for (const record of appended[i]!) expect(bySeq.get(record.seq)).toEqual(record);
        expect(stored.items.filter((r) => r.traceId.startsWith(`${name}-`)).map((r) => r.traceId)).toEqual(
          Array.from({ length: 12 }, (_, n) => `${name}-${n}`),
        );
      }
      expect(full).toMatchObject({ ok: true, count: 49, head: stored.items.at(-1)!.hash });
      expect(since).toMatchObject({ ok: true, head: stored.items.at(-1)!.hash });
    });

    it('chains onto the stored head, not one a container held from before the chain was cut back and regrown', async () => {
      // Prepare: a container has appended 10 (and holds record 10 as the head); the chain is cut
      // back to 6 behind its back and another container appends 7..10 anew, other records.
      const tenantId = uniqueName('clinic');
      const holder = logOf();
      for (let i = 0; i < 10; i++) await holder.append(entryOf(tenantId, { traceId: `held-${i}` }));
      await subject.rewind(tenantId, 6);
      const other = logOf();
      for (let i = 0; i < 4; i++) await other.append(entryOf(tenantId, { traceId: `regrown-${i}` }));

      // Act
      const next = await holder.append(entryOf(tenantId, { traceId: 'after' }));
      const verified = await other.verify(tenantId, { mode: 'full' });

      // Assess
      const tenth = (await log.query(tenantId, {}, 100)).items.find((r) => r.seq === 10)!;
      expect(tenth.traceId).toBe('regrown-3');
      expect(next).toMatchObject({ seq: 11, prevHash: tenth.hash });
      expect(verified).toMatchObject({ ok: true, count: 11, head: next.hash });
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

    it('answers newest first when asked, unfiltered and filtered, page by page', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      const times = ['2026-05-01T10:00:00.000Z', '2026-05-02T10:00:00.000Z', '2026-05-03T10:00:00.000Z'];
      for (const time of times) {
        await log.append(entryOf(tenantId, { time }));
        await log.append(entryOf(tenantId, { time, decision: 'deny' }));
      }

      // Act
      const all = await everyPage(4, (cursor) => log.query(tenantId, { order: 'newest' }, 4, cursor));
      const denied = await everyPage(2, (cursor) =>
        log.query(tenantId, { decision: 'deny', order: 'newest' }, 2, cursor),
      );
      const ranged = await everyPage(1, (cursor) =>
        log.query(tenantId, { from: times[1], order: 'newest' }, 1, cursor),
      );

      // Assess
      expect(all.items.map((r) => r.seq)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(all.pages).toBe(2);
      expect(denied.items.map((r) => r.seq)).toEqual([6, 4, 2]);
      expect(ranged.items.map((r) => r.seq)).toEqual([6, 5, 4, 3]);
    });

    it('filters by an action prefix and by trace, alone and with other filters', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      const actions = [
        'installation.enable',
        'installation.disable',
        'catalog.register',
        'installation.enable',
      ];
      for (const [i, action] of actions.entries())
        await log.append(
          entryOf(tenantId, {
            action,
            traceId: `trace-${i % 2}`,
            actor: { kind: 'user', id: `user-${i}` },
            time: `2026-06-0${i + 1}T10:00:00.000Z`,
          }),
        );

      // Act
      const installation = await everyPage(1, (cursor) =>
        log.query(tenantId, { action: 'installation.*' }, 1, cursor),
      );
      const ofTrace = await everyPage(10, (cursor) =>
        log.query(tenantId, { traceId: 'trace-0' }, 10, cursor),
      );
      const traceAndPrefix = await log.query(tenantId, { traceId: 'trace-1', action: 'installation.*' }, 10);
      const actorAndPrefix = await log.query(tenantId, { actor: 'user-2', action: 'installation.*' }, 10);
      const exact = await log.query(tenantId, { action: 'installation.' }, 10);
      const traceAndActor = await log.query(tenantId, { traceId: 'trace-0', actor: 'user-2' }, 10);

      // Assess
      expect(installation.items.map((r) => r.seq)).toEqual([1, 2, 4]);
      expect(ofTrace.items.map((r) => r.seq)).toEqual([1, 3]);
      expect(traceAndPrefix.items.map((r) => r.seq)).toEqual([2, 4]);
      expect(actorAndPrefix.items).toEqual([]);
      expect(exact.items).toEqual([]);
      expect(traceAndActor.items.map((r) => r.seq)).toEqual([3]);
    });

    it('refuses a cursor answered for another order or other filters of the same index', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      for (let i = 0; i < 3; i++) await log.append(entryOf(tenantId));
      const { cursor } = await log.query(tenantId, {}, 1);
      const { cursor: byActor } = await log.query(tenantId, { actor: 'user-1' }, 1);

      // Act
      const reversed = log.query(tenantId, { order: 'newest' }, 1, cursor);
      const narrowed = log.query(tenantId, { actor: 'user-1', decision: 'deny' }, 1, byActor);
      const garbled = log.query(tenantId, {}, 1, 'not a cursor');

      // Assess
      await expect(reversed).rejects.toBeInstanceOf(ValidationError);
      await expect(narrowed).rejects.toBeInstanceOf(ValidationError);
      await expect(garbled).rejects.toBeInstanceOf(ValidationError);
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
      const archived = logOf({ archive });
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

    it('answers each filter from its index: by decision, by actor with action and time, and nothing for no match', async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      const times = ['2026-04-01T10:00:00.000Z', '2026-04-02T10:00:00.000Z', '2026-04-03T10:00:00.000Z'];
      for (const [i, time] of times.entries()) {
        await log.append(entryOf(tenantId, { time, decision: i === 1 ? 'deny' : 'allow' }));
        await log.append(
          entryOf(tenantId, { time, action: 'catalog.register', actor: { kind: 'user', id: 'user-2' } }),
        );
      }

      // Act
      const denied = await everyPage(10, (cursor) => log.query(tenantId, { decision: 'deny' }, 10, cursor));
      const combined = await everyPage(10, (cursor) =>
        log.query(tenantId, { actor: 'user-2', action: 'catalog.register', from: times[1] }, 10, cursor),
      );
      const untilSecond = await everyPage(10, (cursor) => log.query(tenantId, { to: times[1] }, 10, cursor));
      const nobody = await log.query(tenantId, { actor: 'nobody' }, 10);
      const noAction = await log.query(tenantId, { action: 'tenant.delete', decision: 'deny' }, 10);

      // Assess
      expect(denied.items.map((r) => r.seq)).toEqual([3]);
      expect(combined.items.map((r) => r.seq)).toEqual([4, 6]);
      expect(untilSecond.items.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect(nobody).toEqual({ items: [] });
      expect(noAction).toEqual({ items: [] });
    });

    it("refuses a cursor of one filter's listing for another", async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      for (let i = 0; i < 3; i++) await log.append(entryOf(tenantId));
      const { cursor } = await log.query(tenantId, { actor: 'user-1' }, 1);

      // Act
      const elsewhere = log.query(tenantId, { action: 'installation.enable' }, 1, cursor);

      // Assess
      expect(cursor).toBeDefined();
      await expect(elsewhere).rejects.toBeInstanceOf(ValidationError);
    });

    it('verifies since the newest anchored checkpoint, and in full on demand', async () => {
      // Prepare
      const { log: checkpointing, tenantId, records } = await checkpointed(10);

      // Act
      const since = await checkpointing.verify(tenantId);
      const full = await checkpointing.verify(tenantId, { mode: 'full' });

      // Assess
      const eighth = checkpointAt(records[7]!);
      expect(since).toEqual({
        ok: true,
        count: 2,
        head: records[9]!.hash,
        mode: 'since_checkpoint',
        checkpoint: { seq: 8, hash: eighth.hash },
      });
      expect(full).toEqual({ ok: true, count: 10, head: records[9]!.hash, mode: 'full' });
    });

    it('finds a record changed after the checkpoint in either mode, and one changed before it in full', async () => {
      // Prepare
      const after = await checkpointed(10);
      const before = await checkpointed(10);
      await subject.overwrite(rewritten(after.records[8]!, { decision: 'deny' }));
      await subject.overwrite(rewritten(before.records[2]!, { decision: 'deny' }));

      // Act
      const afterSince = await after.log.verify(after.tenantId);
      const afterFull = await after.log.verify(after.tenantId, { mode: 'full' });
      const beforeSince = await before.log.verify(before.tenantId);
      const beforeFull = await before.log.verify(before.tenantId, { mode: 'full' });

      // Assess
      expect(afterSince).toMatchObject({ ok: false, brokenAt: { seq: 10, reason: 'prev_hash_mismatch' } });
      expect(afterFull).toMatchObject({ ok: false, brokenAt: { seq: 10, reason: 'prev_hash_mismatch' } });
      expect(beforeSince).toMatchObject({ ok: true, count: 2, checkpoint: { seq: 8 } });
      expect(beforeFull).toMatchObject({
        ok: false,
        brokenAt: { index: 3, seq: 4, reason: 'prev_hash_mismatch' },
      });
    });

    it('finds a record rewritten with its successors and checkpoint, against the archive', async () => {
      // Prepare: records 5..10 and the checkpoint at 8 rewritten consistently; only the archive disagrees.
      const { log: checkpointing, tenantId, records } = await checkpointed(10);
      const forged: AuditRecord[] = [records[3]!];
      for (const record of records.slice(4)) {
        const previous = forged.at(-1)!;
        forged.push(
          rewritten(record, { prevHash: previous.hash, ...(record.seq === 5 ? { decision: 'deny' } : {}) }),
        );
      }
      for (const record of forged.slice(1)) await subject.overwrite(record);
      await subject.overwrite(checkpointAt(forged.find((r) => r.seq === 8)!));

      // Act
      const since = await checkpointing.verify(tenantId);
      const full = await checkpointing.verify(tenantId, { mode: 'full' });

      // Assess
      expect(since).toMatchObject({
        ok: false,
        brokenAt: { seq: 8, id: 'checkpoint/8', reason: 'checkpoint_mismatch' },
      });
      expect(full).toMatchObject({ ok: false, brokenAt: { seq: 8, reason: 'checkpoint_mismatch' } });
    });

    it('fails a checkpoint the archive never received once its grace is past, and passes over one still within it', async () => {
      // Prepare
      const stale = await checkpointed(6, { flush: false });
      const fresh = await checkpointed(6, { flush: false, times: () => new Date().toISOString() });

      // Act
      const staleSince = await stale.log.verify(stale.tenantId);
      const staleFull = await stale.log.verify(stale.tenantId, { mode: 'full' });
      const freshSince = await fresh.log.verify(fresh.tenantId);

      // Assess
      expect(staleSince).toMatchObject({ ok: false, brokenAt: { seq: 4, reason: 'checkpoint_unanchored' } });
      expect(staleFull).toMatchObject({ ok: false, brokenAt: { seq: 4, reason: 'checkpoint_unanchored' } });
      expect(freshSince).toMatchObject({ ok: true, count: 6, mode: 'since_checkpoint' });
      expect(freshSince).not.toHaveProperty('checkpoint');
    });

    it('trusts no checkpoint without anchors, and finds the truncated head in both modes', async () => {
      // Prepare
      const { tenantId, records } = await checkpointed(10);
      const unanchored = logOf({ checkpointInterval: 4 });
      const truncated = await checkpointed(10);
      await subject.remove(truncated.tenantId, 10);

      // Act
      const withoutAnchors = await unanchored.verify(tenantId);
      const truncatedSince = await truncated.log.verify(truncated.tenantId);
      const truncatedFull = await truncated.log.verify(truncated.tenantId, { mode: 'full' });

      // Assess
      expect(records).toHaveLength(10);
      expect(withoutAnchors).toMatchObject({ ok: false, brokenAt: { reason: 'checkpoint_unanchored' } });
      expect(truncatedSince).toMatchObject({ ok: false, brokenAt: { reason: 'sequence_gap' } });
      expect(truncatedFull).toMatchObject({ ok: false, brokenAt: { reason: 'sequence_gap' } });
    });

    it("finds the chain's end cut off with its head rewound, by the archive's anchor past the head", async () => {
      // Prepare: records 7..10 and the checkpoint at 8 deleted, the head pointed at record 6.
      const { log: checkpointing, tenantId } = await checkpointed(10);
      await subject.rewind(tenantId, 6);

      // Act
      const since = await checkpointing.verify(tenantId);
      const full = await checkpointing.verify(tenantId, { mode: 'full' });

      // Assess
      expect(since).toMatchObject({ ok: false, brokenAt: { seq: 8, reason: 'sequence_gap' } });
      expect(full).toMatchObject({ ok: false, brokenAt: { seq: 8, reason: 'sequence_gap' } });
    });
  });
}
