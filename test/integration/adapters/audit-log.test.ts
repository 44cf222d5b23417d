import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../adapters/aws/audit-log';
import { dynamoDb } from '../../../adapters/aws/clients';
import { documents } from '../../../adapters/aws/registry/document-client';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { memoryAuditArchive } from '../../../adapters/memory/audit-archive';
import { uniqueName } from '../../support/unique';

const draft = (tenantId: string, i: number, container: string) => ({
  tenantId,
  actor: { kind: 'user' as const, id: `user-${i}` },
  action: 'installation.enable',
  target: { kind: 'installation', id: `plugin-${i}` },
  decision: 'allow' as const,
  reasons: [],
  traceId: `${container}-${i}`,
});

describe('audit log appends under contention', () => {
  const table = uniqueName('audit-contention');

  beforeAll(async () => {
    await dynamoDb.send(new CreateTableCommand(registryTableDefinition(table)));
    await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: table });
  });

  it('two containers appending 60 decisions each at once keep one unbroken chain with every record', async () => {
    const tenantId = uniqueName('tenant');
    // Two instances share nothing in memory, as two Lambda containers would.
    const containers = ['a', 'b'].map((name) => ({
      name,
      log: auditLog({ tableName: table }),
    }));
    const appended = await Promise.all(
      containers.flatMap(({ name, log }) =>
        Array.from({ length: 60 }, (_, i) => log.append(draft(tenantId, i, name))),
      ),
    );

    const seqs = appended.map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(appended.map((r) => r.traceId)).size).toBe(120);
    expect(await containers[0]!.log.verify(tenantId)).toMatchObject({ ok: true, count: 120 });

    // What each caller was told was appended is exactly what storage holds at that position.
    const stored = await containers[1]!.log.query(tenantId, {}, 120);
    const bySeq = new Map(stored.items.map((r) => [r.seq, r]));
    for (const record of appended) expect(bySeq.get(record.seq)).toEqual(record);
  });

  it('a commit that cannot be written fails its appends, leaves the chain intact, and the queue goes on', async () => {
    const tenantId = uniqueName('tenant');
    const log = auditLog({ tableName: table });
    await log.append(draft(tenantId, 0, 'a'));
    // A detail too large for a DynamoDB item makes its transaction fail; the two appends queued
    // behind it commit together afterwards and chain onto the last record actually written.
    const huge = { blob: 'x'.repeat(420_000) };
    const [failed, ...rest] = await Promise.allSettled([
      log.append({ ...draft(tenantId, 1, 'a'), details: huge }),
      log.append(draft(tenantId, 2, 'a')),
      log.append(draft(tenantId, 3, 'a')),
    ]);
    expect(failed.status).toBe('rejected');
    expect(rest.map((r) => (r.status === 'fulfilled' ? r.value.seq : r.reason))).toEqual([2, 3]);
    expect(await log.verify(tenantId)).toMatchObject({ ok: true, count: 3 });
  });

  it('verifies a chain that grows while it is read, without calling the new records a truncation', async () => {
    // Prepare
    const tenantId = uniqueName('tenant');
    const reader = auditLog({ tableName: table });
    const writer = auditLog({ tableName: table });
    for (let i = 0; i < 5; i++) await writer.append(draft(tenantId, i, 'w'));
    // Another container appends right after the reader has read the records, every time.
    let appendedDuringRead = 0;
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'QueryCommand' && appendedDuringRead < 3) {
          appendedDuringRead++;
          await writer.append(draft(tenantId, 100 + appendedDuringRead, 'w'));
        }
        return result;
      },
      { step: 'initialize', name: 'appendWhileVerifying' },
    );

    // Act
    let verified: Awaited<ReturnType<typeof reader.verify>>;
    try {
      verified = await reader.verify(tenantId);
    } finally {
      documents.middlewareStack.remove('appendWhileVerifying');
    }

    // Assess
    expect(appendedDuringRead).toBeGreaterThan(0);
    expect(verified).toMatchObject({ ok: true });
    expect(await reader.verify(tenantId)).toMatchObject({ ok: true, count: 5 + appendedDuringRead });
  });

  it('answers a filter nothing matches with one Query that reads no item, and verifies since a checkpoint reading only what follows it', async () => {
    // Prepare
    const tenantId = uniqueName('tenant');
    const archive = memoryAuditArchive({ checkpointInterval: 10 });
    const log = auditLog({ tableName: table, archive, checkpointInterval: 10 });
    for (let i = 0; i < 25; i++) await log.append(draft(tenantId, i, 'a'));
    await log.flush();
    const queries: { index?: string; scanned: number }[] = [];
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'QueryCommand') {
          const input = args.input as { IndexName?: string };
          const output = result.output as { ScannedCount?: number };
          queries.push({ index: input.IndexName, scanned: output.ScannedCount ?? 0 });
        }
        return result;
      },
      { step: 'initialize', name: 'countQueries' },
    );

    // Act
    let nobody: Awaited<ReturnType<typeof log.query>>;
    let since: Awaited<ReturnType<typeof log.verify>>;
    const seen: (typeof queries)[] = [];
    try {
      nobody = await log.query(tenantId, { actor: 'nobody', from: '2020-01-01T00:00:00.000Z' }, 25);
      seen.push(queries.splice(0));
      since = await log.verify(tenantId);
      seen.push(queries.splice(0));
    } finally {
      documents.middlewareStack.remove('countQueries');
    }

    // Assess
    expect(nobody.items).toEqual([]);
    expect(nobody.cursor).toBeUndefined();
    expect(seen[0]).toEqual([{ index: 'gsi3', scanned: 0 }]);
    expect(since).toMatchObject({ ok: true, count: 5, checkpoint: { seq: 20 } });
    // The newest checkpoints (two), then the records after the one at 20.
    expect(seen[1]).toEqual([
      { index: undefined, scanned: 2 },
      { index: undefined, scanned: 5 },
    ]);
  });

  it('appends with one round trip on a head the container holds, and re-reads it only when another container moved it', async () => {
    // Prepare
    const tenantId = uniqueName('tenant');
    const a = auditLog({ tableName: table });
    const b = auditLog({ tableName: table });
    const sent: string[] = [];
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName!.replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'countAppends' },
    );
    const steps: string[][] = [];
    const step = async (work: () => Promise<unknown>) => {
      await work();
      steps.push(sent.splice(0));
    };

    // Act
    try {
      await step(() => a.append(draft(tenantId, 0, 'a')));
      await step(() => a.append(draft(tenantId, 1, 'a')));
      await step(() => a.append(draft(tenantId, 2, 'a')));
      await step(() => b.append(draft(tenantId, 3, 'b')));
      await step(() => a.append(draft(tenantId, 4, 'a')));
      await step(() => a.append(draft(tenantId, 5, 'a')));
    } finally {
      documents.middlewareStack.remove('countAppends');
    }

    // Assess
    expect(steps).toEqual([
      ['GetItem', 'TransactWriteItems'],
      ['TransactWriteItems'],
      ['TransactWriteItems'],
      ['GetItem', 'TransactWriteItems'],
      // a's held head is b's predecessor: the commit is cancelled, the head read, and the retry wins.
      ['TransactWriteItems', 'GetItem', 'TransactWriteItems'],
      ['TransactWriteItems'],
    ]);
    expect(await b.verify(tenantId, { mode: 'full' })).toMatchObject({ ok: true, count: 6 });
  });
});
