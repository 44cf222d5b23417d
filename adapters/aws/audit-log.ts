import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import LRUMap from 'mnemonist/lru-map';
import {
  type AuditCheckpoint,
  type AuditDraft,
  type AuditRecord,
  appendRecord,
  CHECKPOINT_INTERVAL,
  type ChainVerification,
  checkpointAt,
  isCheckpointDue,
  type StoredChain,
  verifyStoredChain,
} from '../../core/audit';
import type {
  AuditAnchors,
  AuditArchive,
  AuditEntry,
  AuditLog,
  AuditQuery,
  AuditVerifyOptions,
  Page,
} from '../../core/ports';
import { decodeAuditCursor, encodeAuditCursor } from './registry/audit-cursor';
import { auditIndexAttributes, auditQueryPlan } from './registry/audit-keys';
import {
  type StoreDocuments,
  documents as sharedDocuments,
  storeDocuments,
} from './registry/document-client';
import { stripKeys } from './registry/items';
import { keys } from './registry/keys';

export interface AuditLogOptions {
  readonly tableName: string;
  /**
   * Where `flush` writes the records this process appended (the local platform, tests). Deployed,
   * there is none: the table's stream feeds the audit archiver function, which archives every
   * committed record even if the function that wrote it dies right after the commit.
   * @default no archive: `flush` does nothing
   */
  readonly archive?: AuditArchive;
  /** Attempts to win the append race against concurrent writers of the same tenant. @default 12 */
  readonly maxAttempts?: number;
  /**
   * The client each tenant's chain is read and written with: one for all, or a tenant-scoped
   * session per tenant (the lanes). @default the process's shared client (./clients.ts)
   */
  readonly documents?: StoreDocuments;
  /**
   * What verification trusts checkpoints by: the Object Lock archive's anchors (deployed, read-only
   * from the audit bucket). Without one, no checkpoint is trusted and verification fails once one
   * is past its grace. @default the archive, if given
   */
  readonly anchors?: AuditAnchors;
  /** Records per checkpoint; the archive must anchor at the same interval. @default CHECKPOINT_INTERVAL */
  readonly checkpointInterval?: number;
  /** Tenants whose chain head this log keeps between appends (least recently appended go first). @default 1000 */
  readonly headsKept?: number;
  readonly now?: () => Date;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads one filtered audit page may take before answering with a cursor. */
const MAX_READS_PER_PAGE = 20;
/**
 * Records committed in one transaction (DynamoDB allows 100 items; each record is one, plus the
 * head, plus a checkpoint for each record that takes one).
 */
const MAX_RECORDS_PER_COMMIT = 25;

interface Waiting {
  readonly draft: AuditDraft;
  readonly resolve: (record: AuditRecord) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The audit sink. Appends go through core's hash chain: the tenant's head item (last record, seq
 * and hash) and the new record commit in one transaction conditioned on the head still being the
 * record chained onto, so concurrent writers serialise and the chain never forks. The head is kept
 * per container between appends and read again only when a commit finds it moved. Records are queryable in DynamoDB
 * and archived to the Object Lock bucket, where no one can alter or delete them for the retention
 * period: by the audit archiver from the table's stream when deployed, or on `flush` when an
 * archive is given.
 */
export function auditLog(options: AuditLogOptions): AuditLog {
  const { tableName, archive } = options;
  const { forTenant } = storeDocuments(options.documents ?? sharedDocuments);
  const pending: AuditRecord[] = [];
  const interval = options.checkpointInterval ?? CHECKPOINT_INTERVAL;
  const anchors = options.anchors ?? archive;
  const now = options.now ?? (() => new Date());
  // The last record this container committed (or read) of each tenant's chain, so the next append
  // chains onto it without reading the head item first: one round trip per commit instead of two.
  // It is only a guess. The commit is conditioned on the stored head still being this record (its
  // seq and its hash), so a head another container moved meanwhile cancels the transaction, and
  // only then is the head read again (docs/caches.md).
  const heads = new LRUMap<string, AuditRecord | undefined>(options.headsKept ?? 1000);

  async function head(tenantId: string): Promise<AuditRecord | undefined> {
    const { Item } = await forTenant(tenantId).send(
      new GetCommand({ TableName: tableName, Key: keys.auditHead(tenantId), ConsistentRead: true }),
    );
    return Item?.last as AuditRecord | undefined;
  }

  /**
   * Commits drafts as the next records of one tenant's chain, in one transaction conditioned on
   * the head being the record they chain onto; another container having appended first means
   * re-reading the head and chaining onto its record.
   */
  async function commit(tenantId: string, drafts: readonly AuditDraft[]): Promise<AuditRecord[]> {
    for (let attempt = 1; ; attempt++) {
      const previous = heads.get(tenantId) ?? (await head(tenantId));
      const records: AuditRecord[] = [];
      for (const draft of drafts) records.push(appendRecord(records.at(-1) ?? previous, draft));
      const last = records.at(-1)!;
      try {
        await forTenant(tenantId).send(
          new TransactWriteCommand({
            TransactItems: [
              ...records.map((record) => ({
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.auditRecord(record.tenantId, record.seq),
                    ...record,
                    ...auditIndexAttributes(record),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
              ...records
                .filter((record) => isCheckpointDue(record.seq, interval))
                .map((record) => ({
                  Put: {
                    TableName: tableName,
                    Item: { ...keys.auditCheckpoint(tenantId, record.seq), ...checkpointAt(record) },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                })),
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.auditHead(tenantId), seq: last.seq, last },
                  // The hash as well as the seq: a head held from before the chain was cut back
                  // and regrown to the same length (which only tampering does) is not the head.
                  ...(previous
                    ? {
                        ConditionExpression: '#seq = :seen AND #last.#hash = :hash',
                        ExpressionAttributeNames: { '#seq': 'seq', '#last': 'last', '#hash': 'hash' },
                        ExpressionAttributeValues: { ':seen': previous.seq, ':hash': previous.hash },
                      }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
            ],
          }),
        );
        heads.set(tenantId, last);
        if (archive) pending.push(...records);
        return records;
      } catch (error) {
        // Whatever the head is now, it is not known here: the next attempt (or append) reads it.
        // (This mnemonist has no delete: an entry of undefined is one not held.)
        heads.set(tenantId, undefined);
        if (!(error instanceof TransactionCanceledException) || attempt >= (options.maxAttempts ?? 12))
          throw error;
        // The first cancellation is usually only a head held here going stale (another container
        // appended since): re-read and retry at once. Again means contention: back off with jitter.
        if (attempt > 1) await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
      }
    }
  }

  // Appends of one tenant queue up in this process and commit together (group commit): the
  // container never races itself for the tenant's head item, and a burst of decisions costs a
  // few transactions instead of one contended transaction each.
  const queues = new Map<string, Waiting[]>();

  async function drain(tenantId: string, queue: Waiting[]) {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_RECORDS_PER_COMMIT);
      try {
        const records = await commit(
          tenantId,
          batch.map((w) => w.draft),
        );
        for (const [i, waiting] of batch.entries()) waiting.resolve(records[i]!);
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    queues.delete(tenantId);
  }

  function append(draft: AuditEntry): Promise<AuditRecord> {
    const full: AuditDraft = { id: randomUUID(), time: new Date().toISOString(), ...draft };
    return new Promise((resolve, reject) => {
      const queue = queues.get(full.tenantId);
      if (queue) {
        queue.push({ draft: full, resolve, reject });
        return;
      }
      const started: Waiting[] = [{ draft: full, resolve, reject }];
      queues.set(full.tenantId, started);
      void drain(full.tenantId, started);
    });
  }

  const pad = (seq: number) => String(seq).padStart(12, '0');

  /** A tenant's chain as verification reads it: consistent Queries of its partition, and the anchors. */
  function storedChain(tenantId: string): StoredChain {
    const pk = keys.auditHead(tenantId).pk;
    const send = forTenant(tenantId).send.bind(forTenant(tenantId));
    async function* range<T>(from: string, to: string): AsyncGenerator<T[]> {
      let start: Record<string, unknown> | undefined;
      do {
        const { Items, LastEvaluatedKey } = await send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        yield (Items ?? []).map((item) => stripKeys<T>(item));
        start = LastEvaluatedKey;
      } while (start);
    }
    return {
      tenantId,
      head: () => head(tenantId),
      async latestCheckpoints(limit) {
        const { Items } = await send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :checkpoint)',
            ExpressionAttributeValues: { ':pk': pk, ':checkpoint': 'CHECKPOINT#' },
            ConsistentRead: true,
            ScanIndexForward: false,
            Limit: limit,
          }),
        );
        return (Items ?? []).map((item) => stripKeys<AuditCheckpoint>(item));
      },
      async *checkpoints() {
        for await (const page of range<AuditCheckpoint>('CHECKPOINT#', 'CHECKPOINT#~')) yield* page;
      },
      records: (afterSeq) => range<AuditRecord>(`SEQ#${pad(afterSeq + 1)}`, 'SEQ#~'),
      anchored: async (seq) => anchors?.anchored(tenantId, seq),
    };
  }

  return {
    append,

    /**
     * Records of one tenant filtered by time, actor, action (or its prefix), decision and trace: the
     * chain in order when unfiltered, else the index of the most selective filter given
     * (./registry/audit-keys.ts), so a keyed filter nothing matches reads nothing; read backwards
     * for `newest`.
     */
    async query(
      tenantId: string,
      filter: AuditQuery,
      limit: number,
      cursor?: string,
    ): Promise<Page<AuditRecord>> {
      const plan = auditQueryPlan(tenantId, filter);
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      let keyCondition: string;
      let filterExpression: string | undefined;
      if (plan.kind === 'chain') {
        keyCondition = 'pk = :pk AND begins_with(sk, :seq)';
        Object.assign(values, { ':pk': plan.pk, ':seq': 'SEQ#' });
      } else {
        names['#pk'] = plan.pkName;
        if (plan.from !== undefined || plan.to !== undefined) names['#sk'] = plan.skName;
        values[':pk'] = plan.pk;
        keyCondition = '#pk = :pk';
        if (plan.from !== undefined) values[':from'] = plan.from;
        if (plan.to !== undefined) values[':to'] = plan.to;
        if (plan.from !== undefined && plan.to !== undefined)
          keyCondition += ' AND #sk BETWEEN :from AND :to';
        else if (plan.from !== undefined) keyCondition += ' AND #sk >= :from';
        else if (plan.to !== undefined) keyCondition += ' AND #sk <= :to';
        const residual: string[] = [];
        if (plan.residual.actor) {
          names['#actor'] = 'actor';
          names['#actorId'] = 'id';
          values[':actor'] = plan.residual.actor;
          residual.push('#actor.#actorId = :actor');
        }
        if (plan.residual.action) {
          names['#action'] = 'action';
          values[':action'] = plan.residual.action;
          residual.push('#action = :action');
        }
        if (plan.residual.actionPrefix) {
          names['#action'] = 'action';
          values[':actionPrefix'] = plan.residual.actionPrefix;
          residual.push('begins_with(#action, :actionPrefix)');
        }
        if (plan.residual.decision) {
          names['#decision'] = 'decision';
          values[':decision'] = plan.residual.decision;
          residual.push('#decision = :decision');
        }
        if (residual.length > 0) filterExpression = residual.join(' AND ');
      }
      // DynamoDB applies Limit before the filter, so a page with residual filters can come back
      // short while matches lie further on. Keep reading until the page is full, the range ends,
      // or a bounded number of reads (the cursor then continues where this page stopped).
      const items: AuditRecord[] = [];
      let start = decodeAuditCursor(
        cursor,
        plan.listing,
        plan.kind === 'chain' ? { name: 'pk', value: plan.pk } : { name: plan.pkName, value: plan.pk },
      );
      for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
        const { Items, LastEvaluatedKey } = await forTenant(tenantId).send(
          new QueryCommand({
            TableName: tableName,
            ...(plan.kind === 'index' ? { IndexName: plan.index } : {}),
            KeyConditionExpression: keyCondition,
            ...(filterExpression ? { FilterExpression: filterExpression } : {}),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            Limit: limit - items.length,
            ScanIndexForward: !plan.descending,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(Items ?? []).map((i) => stripKeys<AuditRecord>(i)));
        start = LastEvaluatedKey;
        if (!start || items.length >= limit) break;
      }
      return { items, cursor: encodeAuditCursor(plan.listing, start) };
    },

    /** One record by its seq: a GetItem of its key (a record, once committed, never changes). */
    async record(tenantId: string, seq: number): Promise<AuditRecord | undefined> {
      if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
      const { Item } = await forTenant(tenantId).send(
        new GetCommand({ TableName: tableName, Key: keys.auditRecord(tenantId, seq) }),
      );
      return Item ? stripKeys<AuditRecord>(Item) : undefined;
    },

    /** Verifies the tenant's chain from storage, since the last anchored checkpoint or in full. */
    async verify(tenantId: string, verifyOptions: AuditVerifyOptions = {}): Promise<ChainVerification> {
      return verifyStoredChain(storedChain(tenantId), {
        mode: verifyOptions.mode ?? 'since_checkpoint',
        now: now(),
        checkpointInterval: interval,
      });
    },

    /** Archives what this process appended since the last flush, when it has an archive. */
    async flush(): Promise<void> {
      if (!archive || pending.length === 0) return;
      const batch = pending.splice(0, pending.length);
      try {
        await archive.write(batch);
      } catch (error) {
        // Keep what was not archived so the next flush retries it; the chain in DynamoDB is intact.
        pending.unshift(...batch);
        throw error;
      }
    },
  };
}
