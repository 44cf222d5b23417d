import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditDraft,
  type AuditRecord,
  appendRecord,
  type ChainVerification,
  verifyChain,
} from '../../core/audit';
import type { AuditArchive, AuditEntry, AuditLog, AuditQuery, Page } from '../../core/ports';
import { decodeCursor, encodeCursor } from './registry/cursor';
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads one filtered audit page may take before answering with a cursor. */
const MAX_READS_PER_PAGE = 20;
/** Records committed in one transaction (DynamoDB allows 100 items; each record is one, plus the head). */
const MAX_RECORDS_PER_COMMIT = 25;

interface Waiting {
  readonly draft: AuditDraft;
  readonly resolve: (record: AuditRecord) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The audit sink. Appends go through core's hash chain: the tenant's head item (last record, seq
 * and hash) and the new record commit in one transaction conditioned on the head not having moved,
 * so concurrent writers serialise and the chain never forks. Records are queryable in DynamoDB
 * and archived to the Object Lock bucket, where no one can alter or delete them for the retention
 * period: by the audit archiver from the table's stream when deployed, or on `flush` when an
 * archive is given.
 */
export function auditLog(options: AuditLogOptions): AuditLog {
  const { tableName, archive } = options;
  const { forTenant } = storeDocuments(options.documents ?? sharedDocuments);
  const pending: AuditRecord[] = [];

  async function head(tenantId: string): Promise<AuditRecord | undefined> {
    const { Item } = await forTenant(tenantId).send(
      new GetCommand({ TableName: tableName, Key: keys.auditHead(tenantId), ConsistentRead: true }),
    );
    return Item?.last as AuditRecord | undefined;
  }

  /**
   * Commits drafts as the next records of one tenant's chain, in one transaction conditioned on
   * the head not having moved; another container winning the race means re-reading the head and
   * chaining onto its record.
   */
  async function commit(tenantId: string, drafts: readonly AuditDraft[]): Promise<AuditRecord[]> {
    for (let attempt = 1; ; attempt++) {
      const previous = await head(tenantId);
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
                  Item: { ...keys.auditRecord(record.tenantId, record.seq), ...record },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.auditHead(tenantId), seq: last.seq, last },
                  ConditionExpression: previous ? 'seq = :seen' : 'attribute_not_exists(pk)',
                  ...(previous ? { ExpressionAttributeValues: { ':seen': previous.seq } } : {}),
                },
              },
            ],
          }),
        );
        if (archive) pending.push(...records);
        return records;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || attempt >= (options.maxAttempts ?? 12))
          throw error;
        // Another container appended first: back off with jitter and chain onto its record.
        await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
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

  async function* all(tenantId: string): AsyncGenerator<AuditRecord> {
    let start: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await forTenant(tenantId).send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
          ExpressionAttributeValues: { ':pk': keys.auditHead(tenantId).pk, ':seq': 'SEQ#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items ?? []) yield stripKeys<AuditRecord>(item);
      start = LastEvaluatedKey;
    } while (start);
  }

  return {
    append,

    /** Records of one tenant in chain order, filtered by time, actor and action. */
    async query(
      tenantId: string,
      filter: AuditQuery,
      limit: number,
      cursor?: string,
    ): Promise<Page<AuditRecord>> {
      const pk = keys.auditHead(tenantId).pk;
      const conditions: string[] = [];
      const values: Record<string, unknown> = { ':pk': pk, ':seq': 'SEQ#' };
      const names: Record<string, string> = {};
      const where = (
        condition: string,
        placeholder: string,
        value: string | undefined,
        name?: [string, string],
      ) => {
        if (!value) return;
        conditions.push(condition);
        values[placeholder] = value;
        if (name) names[name[0]] = name[1];
      };
      where('#time >= :from', ':from', filter.from, ['#time', 'time']);
      where('#time <= :to', ':to', filter.to, ['#time', 'time']);
      where('actor.id = :actor', ':actor', filter.actor);
      where('#action = :action', ':action', filter.action, ['#action', 'action']);
      // DynamoDB applies Limit before the filter, so one filtered query can answer an empty page
      // while matches lie further on. Keep reading until the page is full, the chain ends, or a
      // bounded number of reads (the cursor then continues where this page stopped).
      const items: AuditRecord[] = [];
      let start = decodeCursor(cursor, { name: 'pk', value: pk });
      for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
        const { Items, LastEvaluatedKey } = await forTenant(tenantId).send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
            ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            Limit: limit - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(Items ?? []).map((i) => stripKeys<AuditRecord>(i)));
        start = LastEvaluatedKey;
        if (!start || items.length >= limit) break;
      }
      return { items, cursor: encodeCursor(start) };
    },

    /** Recomputes the tenant's chain from storage and checks it ends at the recorded head. */
    async verify(tenantId: string): Promise<ChainVerification> {
      // The head first, then the records: appends go on while a chain is verified, and records
      // read after the head may extend past it, but never stop short of it unless some were
      // removed. Read the other way round, every append in between looked like a truncation.
      const last = await head(tenantId);
      const records: AuditRecord[] = [];
      for await (const record of all(tenantId)) records.push(record);
      const result = verifyChain(records);
      const atHead = last && records.find((record) => record.seq === last.seq);
      if (result.ok && last && atHead?.hash !== last.hash) {
        // Records up to the head's were removed (or replaced): truncation is tampering too.
        return {
          ok: false,
          brokenAt: { index: records.length, seq: last.seq, id: last.id, reason: 'sequence_gap' },
        };
      }
      return result;
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
