import { type AuditCheckpoint, type AuditRecord, checkpointAt, isCheckpointDue } from '../../core/audit';
import { auditIndexAttributes } from '../aws/registry/audit-keys';
import { keys } from '../aws/registry/keys';

/**
 * The registry table's audit items in memory, laid out and read as DynamoDB lays out and reads
 * them (adapters/aws/registry/keys.ts, audit-keys.ts): a tenant's partition of records by seq and
 * checkpoints by seq, and the four audit indexes sorted by `<time>#<seq>`. Reads go through
 * `query` and `get`, which behave as Query and GetItem do (a page stops at `Limit` items read or
 * at 1 MB, whichever comes first, and then says where to go on) and are metered as DynamoDB would
 * bill them, so a simulation over this table shows the calls and capacity the deployed log makes.
 */

/** DynamoDB's page size limit: a Query reads at most 1 MB before answering. */
const MAX_PAGE_BYTES = 1024 * 1024;
const KB = 1024;

/** What DynamoDB would have been asked and would have billed. */
export interface TableCalls {
  getItem: number;
  query: number;
  transactWrite: number;
  /** Items a Query read (before any filter) or GetItem found. */
  itemsRead: number;
  /** Bytes of those items (item size approximated by its JSON length). */
  bytesRead: number;
  /** Read request units: 4 KB per unit, a consistent read 1, an eventually consistent read ½. */
  readUnits: number;
  /** Write request units of the table: 2 per KB per item in a transaction. */
  tableWriteUnits: number;
  /** Write request units of the indexes: 1 per KB per index an item is written to. */
  indexWriteUnits: number;
}

export const noCalls = (): TableCalls => ({
  getItem: 0,
  query: 0,
  transactWrite: 0,
  itemsRead: 0,
  bytesRead: 0,
  readUnits: 0,
  tableWriteUnits: 0,
  indexWriteUnits: 0,
});

/** Items in one sort order: their sort keys, and where each item is. */
interface Sorted<T> {
  readonly sks: string[];
  readonly items: T[];
}

/** First position whose sort key is >= `key` (or > it when `after`). */
function lowerBound(sks: readonly string[], key: string, after = false): number {
  let low = 0;
  let high = sks.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sks[mid]! < key || (after && sks[mid] === key)) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insert<T>(sorted: Sorted<T>, sk: string, item: T) {
  // Appends arrive in sort key order almost always; a writer with a slower clock lands a bit earlier.
  const at =
    sorted.sks.length === 0 || sorted.sks.at(-1)! < sk ? sorted.sks.length : lowerBound(sorted.sks, sk);
  sorted.sks.splice(at, 0, sk);
  sorted.items.splice(at, 0, item);
}

interface Stored {
  readonly record: AuditRecord;
  readonly bytes: number;
}

interface Partition {
  readonly records: Stored[];
  readonly checkpoints: Sorted<AuditCheckpoint>;
}

export interface KeyRange {
  /** Inclusive bounds on the sort key. */
  readonly from?: string;
  readonly to?: string;
  /** The last sort key of the previous page (ExclusiveStartKey). */
  readonly after?: string;
  readonly limit?: number;
  readonly descending?: boolean;
  readonly consistent?: boolean;
}

export interface QueryPage<T> {
  readonly items: T[];
  /** The sort key to start after (LastEvaluatedKey), absent when the range is exhausted. */
  readonly lastKey?: string;
}

const pad = (seq: number) => String(seq).padStart(12, '0');

export interface MemoryAuditTable {
  readonly calls: TableCalls;
  /** Stores a committed transaction: records of one tenant (their checkpoints taken) and the head. */
  commit(records: readonly AuditRecord[], checkpointInterval: number): void;
  /** The head item's record (GetItem, consistent). */
  head(tenantId: string): AuditRecord | undefined;
  /** A Query of the tenant's records by seq (`SEQ#` sort keys). */
  records(tenantId: string, range: KeyRange): QueryPage<AuditRecord>;
  /** A Query of the tenant's checkpoints (`CHECKPOINT#` sort keys). */
  checkpoints(tenantId: string, range: KeyRange): QueryPage<AuditCheckpoint>;
  /** A Query of one audit index partition (eventually consistent, as every GSI read is). */
  index(index: string, pk: string, range: KeyRange): QueryPage<AuditRecord>;
  /** Tests: rewrites a stored record or checkpoint in place, as a writer with table access could. */
  overwrite(item: AuditRecord | AuditCheckpoint): void;
  /** Tests: deletes a tenant's records from `seq` on, leaving the head item as it was. */
  remove(tenantId: string, fromSeq: number): void;
  /** Tests: deletes a tenant's records and checkpoints after `seq` and points the head item at record `seq`. */
  rewind(tenantId: string, toSeq: number): void;
}

/** An empty table, metered from zero. */
export function memoryAuditTable(): MemoryAuditTable {
  const calls = noCalls();
  const partitions = new Map<string, Partition>();
  const indexes = new Map<string, Sorted<Stored>>();
  const heads = new Map<string, Stored>();
  const partitionOf = (tenantId: string) => {
    let partition = partitions.get(tenantId);
    if (!partition) {
      partition = { records: [], checkpoints: { sks: [], items: [] } };
      partitions.set(tenantId, partition);
    }
    return partition;
  };

  const unitsOf = (bytes: number, consistent: boolean) =>
    (Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 2 : 1)) / 2;

  /** One Query over items in sort order: DynamoDB's Limit and 1 MB stops, metered. */
  function read<T>(
    count: number,
    skAt: (i: number) => string,
    itemAt: (i: number) => T,
    bytesAt: (i: number) => number,
    range: KeyRange,
    bounds: (key: string, after?: boolean) => number,
  ): QueryPage<T> {
    calls.query++;
    const low = range.from === undefined ? 0 : bounds(range.from);
    const high = range.to === undefined ? count : bounds(range.to, true);
    const items: T[] = [];
    let bytes = 0;
    let lastKey: string | undefined;
    const limit = range.limit ?? Number.POSITIVE_INFINITY;
    if (range.descending) {
      let i = range.after === undefined ? high - 1 : Math.min(high, bounds(range.after)) - 1;
      for (; i >= low && items.length < limit && bytes < MAX_PAGE_BYTES; i--) {
        items.push(itemAt(i));
        bytes += bytesAt(i);
      }
      if (i >= low || items.length === limit) lastKey = items.length > 0 ? skAt(i + 1) : undefined;
    } else {
      let i = range.after === undefined ? low : Math.max(low, bounds(range.after, true));
      for (; i < high && items.length < limit && bytes < MAX_PAGE_BYTES; i++) {
        items.push(itemAt(i));
        bytes += bytesAt(i);
      }
      // DynamoDB stops at the limit without looking ahead: a full page always says where to go on.
      if (i < high || items.length === limit) lastKey = items.length > 0 ? skAt(i - 1) : undefined;
    }
    calls.itemsRead += items.length;
    calls.bytesRead += bytes;
    calls.readUnits += unitsOf(bytes, range.consistent === true);
    return { items, ...(lastKey === undefined ? {} : { lastKey }) };
  }

  const copyOf = <T>(value: T): T => structuredClone(value);

  return {
    calls,

    commit(records, checkpointInterval) {
      calls.transactWrite++;
      for (const record of records) {
        const partition = partitionOf(record.tenantId);
        const indexed = auditIndexAttributes(record);
        const item = { ...keys.auditRecord(record.tenantId, record.seq), ...record, ...indexed };
        const stored = { record: copyOf(record), bytes: JSON.stringify(item).length };
        partition.records.push(stored);
        const kb = Math.ceil(stored.bytes / KB);
        calls.tableWriteUnits += 2 * kb;
        for (const [name, pk] of Object.entries(indexed)) {
          if (!name.endsWith('pk')) continue;
          const index = name.slice(0, -2);
          const key = `${index}|${pk}`;
          const sorted = indexes.get(key) ?? { sks: [], items: [] };
          insert(sorted, indexed[`${index}sk`]!, stored);
          indexes.set(key, sorted);
          calls.indexWriteUnits += kb;
        }
        if (isCheckpointDue(record.seq, checkpointInterval)) {
          insert(partition.checkpoints, pad(record.seq), checkpointAt(record));
          calls.tableWriteUnits += 2;
        }
      }
      // The head item holds the last record: one more item in the transaction.
      const last = records.at(-1);
      if (last) {
        const stored = partitionOf(last.tenantId).records.at(-1)!;
        heads.set(last.tenantId, stored);
        calls.tableWriteUnits += 2 * Math.ceil(stored.bytes / KB);
      }
    },

    head(tenantId) {
      calls.getItem++;
      const last = heads.get(tenantId);
      if (!last) {
        calls.readUnits += 1;
        return undefined;
      }
      calls.itemsRead++;
      calls.bytesRead += last.bytes;
      calls.readUnits += unitsOf(last.bytes, true);
      return copyOf(last.record);
    },

    records(tenantId, range) {
      const stored = partitions.get(tenantId)?.records ?? [];
      // Records are stored at position seq - 1, so a sort key bound is a position.
      const bounds = (key: string, after = false) => {
        const seq = Number(key);
        if (!Number.isInteger(seq)) return 0;
        return Math.min(stored.length, Math.max(0, after ? seq : seq - 1));
      };
      return read(
        stored.length,
        (i) => pad(stored[i]!.record.seq),
        (i) => copyOf(stored[i]!.record),
        (i) => stored[i]!.bytes,
        range,
        bounds,
      );
    },

    checkpoints(tenantId, range) {
      const { sks, items } = partitions.get(tenantId)?.checkpoints ?? { sks: [], items: [] };
      return read(
        sks.length,
        (i) => sks[i]!,
        (i) => copyOf(items[i]!),
        () => 200,
        range,
        (key, after) => lowerBound(sks, key, after),
      );
    },

    index(index, pk, range) {
      const { sks, items } = indexes.get(`${index}|${pk}`) ?? { sks: [], items: [] };
      return read(
        sks.length,
        (i) => sks[i]!,
        (i) => copyOf(items[i]!.record),
        (i) => items[i]!.bytes,
        { ...range, consistent: false },
        (key, after) => lowerBound(sks, key, after),
      );
    },

    overwrite(item) {
      const partition = partitionOf(item.tenantId);
      if ('prevHash' in item) {
        const at = item.seq - 1;
        const old = partition.records[at];
        if (old) partition.records[at] = { record: copyOf(item), bytes: old.bytes };
        // The indexes project the whole item: they see the change too.
        for (const sorted of indexes.values())
          for (const [i, stored] of sorted.items.entries())
            if (stored === old) sorted.items[i] = partition.records[at]!;
        return;
      }
      const at = lowerBound(partition.checkpoints.sks, pad(item.seq));
      if (partition.checkpoints.sks[at] === pad(item.seq)) partition.checkpoints.items[at] = copyOf(item);
      else insert(partition.checkpoints, pad(item.seq), copyOf(item));
    },

    rewind(tenantId, toSeq) {
      this.remove(tenantId, toSeq + 1);
      const partition = partitionOf(tenantId);
      const keep = lowerBound(partition.checkpoints.sks, pad(toSeq), true);
      partition.checkpoints.sks.splice(keep);
      partition.checkpoints.items.splice(keep);
      const head = partition.records[toSeq - 1];
      if (head) heads.set(tenantId, head);
    },

    remove(tenantId, fromSeq) {
      const partition = partitionOf(tenantId);
      const removed = new Set(partition.records.splice(fromSeq - 1));
      for (const sorted of indexes.values())
        for (let i = sorted.items.length - 1; i >= 0; i--)
          if (removed.has(sorted.items[i]!)) {
            sorted.items.splice(i, 1);
            sorted.sks.splice(i, 1);
          }
    },
  };
}
