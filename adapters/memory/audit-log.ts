import { randomUUID } from 'node:crypto';
import {
  type AuditCheckpoint,
  type AuditRecord,
  appendRecord,
  CHECKPOINT_INTERVAL,
  type StoredChain,
  verifyStoredChain,
} from '../../core/audit';
import type { AuditAnchors, AuditArchive, AuditLog } from '../../core/ports';
import { auditQueryPlan, passesResidual } from '../aws/registry/audit-keys';
import { type MemoryAuditTable, memoryAuditTable } from './audit-table';
import { copy, decodeCursor, encodeCursor } from './cursor';

export interface MemoryAuditLogOptions {
  /** Where `flush` writes the records appended since the last flush. @default none: `flush` does nothing */
  readonly archive?: AuditArchive;
  /** What verification trusts checkpoints by. @default the archive, if any: without either, no checkpoint is trusted */
  readonly anchors?: AuditAnchors;
  /** The table the log keeps its items in; logs given the same one share it, as containers share a table. @default a table of its own */
  readonly table?: MemoryAuditTable;
  /** Records per checkpoint. @default CHECKPOINT_INTERVAL */
  readonly checkpointInterval?: number;
  readonly now?: () => Date;
}

const pad = (seq: number) => String(seq).padStart(12, '0');

/** Reads one filtered audit page may take before answering with a cursor (as the DynamoDB log). */
const MAX_READS_PER_PAGE = 20;
/** Checkpoints read in one Query when all are wanted (well under 1 MB). */
const CHECKPOINTS_PER_PAGE = 1000;

/**
 * The audit log in memory: each tenant's chain grows through core's `appendRecord` and is
 * verified by core's `verifyStoredChain`, exactly as the DynamoDB log's; its items live in a
 * memory table laid out, read and metered as the registry table (./audit-table.ts), so queries
 * and verification take the same keys, pages and reads. Appends happen one at a time in this
 * process, so the chain cannot fork.
 */
export function memoryAuditLog(options: MemoryAuditLogOptions = {}): AuditLog {
  const table = options.table ?? memoryAuditTable();
  const interval = options.checkpointInterval ?? CHECKPOINT_INTERVAL;
  const anchors = options.anchors ?? options.archive;
  const pending: AuditRecord[] = [];
  const now = options.now ?? (() => new Date());

  function storedChain(tenantId: string): StoredChain {
    return {
      tenantId,
      head: async () => table.head(tenantId),
      latestCheckpoints: async (limit) =>
        table.checkpoints(tenantId, { descending: true, limit, consistent: true }).items,
      async *checkpoints(): AsyncGenerator<AuditCheckpoint> {
        let after: string | undefined;
        do {
          const page = table.checkpoints(tenantId, { after, limit: CHECKPOINTS_PER_PAGE, consistent: true });
          yield* page.items;
          after = page.lastKey;
        } while (after !== undefined);
      },
      async *records(afterSeq) {
        let after: string | undefined = pad(afterSeq);
        do {
          const page = table.records(tenantId, { after, consistent: true });
          yield page.items;
          after = page.lastKey;
        } while (after !== undefined);
      },
      anchored: async (seq) => anchors?.anchored(tenantId, seq),
    };
  }

  return {
    async append(entry) {
      const previous = table.head(entry.tenantId);
      const record = appendRecord(previous, { id: randomUUID(), time: now().toISOString(), ...entry });
      table.commit([record], interval);
      if (options.archive) pending.push(record);
      return copy(record);
    },

    async query(tenantId, filter, limit, cursor) {
      const plan = auditQueryPlan(tenantId, filter);
      const listing = `audit/${plan.listing}`;
      let after = decodeCursor(cursor, listing);
      const items: AuditRecord[] = [];
      for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
        const want = limit - items.length;
        const range = { after, limit: want, descending: plan.descending };
        const page =
          plan.kind === 'chain'
            ? table.records(tenantId, range)
            : table.index(plan.index, plan.pk, { ...range, from: plan.from, to: plan.to });
        items.push(
          ...(plan.kind === 'chain'
            ? page.items
            : page.items.filter((r) => passesResidual(r, plan.residual))),
        );
        after = page.lastKey;
        if (after === undefined || items.length >= limit) break;
      }
      return { items, ...(after === undefined ? {} : { cursor: encodeCursor(listing, after) }) };
    },

    async record(tenantId, seq) {
      if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
      // The item at exactly `seq`: the range after seq - 1, one item, as a GetItem reads it.
      const [found] = table.records(tenantId, { after: pad(seq - 1), limit: 1 }).items;
      return found?.seq === seq ? found : undefined;
    },

    async verify(tenantId, verifyOptions = {}) {
      return verifyStoredChain(storedChain(tenantId), {
        mode: verifyOptions.mode ?? 'since_checkpoint',
        now: now(),
        checkpointInterval: interval,
      });
    },

    async flush() {
      if (!options.archive || pending.length === 0) return;
      const batch = pending.splice(0, pending.length);
      try {
        await options.archive.write(batch);
      } catch (error) {
        // Kept for the next flush, as the DynamoDB log keeps them.
        pending.unshift(...batch);
        throw error;
      }
    },
  };
}
