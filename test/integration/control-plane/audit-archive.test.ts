import { randomUUID } from 'node:crypto';
import { CreateTableCommand, QueryCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, GetObjectRetentionCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3AuditArchive } from '../../../adapters/aws/audit-archive';
import { auditLog } from '../../../adapters/aws/audit-log';
import { dynamoDb, s3 } from '../../../adapters/aws/clients';
import { registryTableDefinition } from '../../../adapters/aws/registry/table-definition';
import { type AuditRecord, verifyChain } from '../../../core/audit';
import { auditArchiver } from '../../../functions/audit-archive/archive';
import { createAuditBucket } from '../../support/audit-bucket';
import { uniqueName } from '../../support/unique';

const draft = (tenantId: string, i: number) => ({
  tenantId,
  actor: { kind: 'user' as const, id: 'pat-plugin-manager' },
  action: 'installation.enable',
  target: { kind: 'installation', id: `${tenantId}/plugin-${i}` },
  decision: 'allow' as const,
  reasons: [`step ${i}`],
  traceId: `trace-${i}`,
});

/** What a table's stream delivers for an item, as Lambda hands it to the function. */
function change(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: DynamoDBRecord['dynamodb'] & object,
): DynamoDBRecord {
  return {
    eventID: randomUUID(),
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ...item,
      SequenceNumber: String(Date.now()) + randomUUID().slice(0, 4),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('the audit archiver (the registry table’s stream to the Object Lock bucket)', () => {
  const table = uniqueName('audit-archive');
  const bucket = uniqueName('audit-archive');
  const log = auditLog({ tableName: table });

  beforeAll(async () => {
    await Promise.all([
      dynamoDb.send(new CreateTableCommand(registryTableDefinition(table))),
      createAuditBucket(bucket),
    ]);
    await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: table });
  });

  /** The stream's view of a tenant's chain: every stored item of it, as DynamoDB wrote it. */
  async function streamOf(tenantId: string): Promise<DynamoDBRecord[]> {
    const { Items } = await dynamoDb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `AUDIT#${tenantId}` } },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) =>
      change(item.sk!.S === 'HEAD' ? 'MODIFY' : 'INSERT', {
        Keys: { pk: item.pk!, sk: item.sk! } as never,
        NewImage: item as never,
      }),
    );
  }

  async function archived(tenantId: string): Promise<AuditRecord[]> {
    const { Contents } = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `audit/${tenantId}/` }),
    );
    const records: AuditRecord[] = [];
    for (const { Key } of Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const lines = (await object.Body!.transformToString()).trim().split('\n');
      records.push(...lines.map((line) => JSON.parse(line) as AuditRecord));
    }
    return records.sort((a, b) => a.seq - b.seq);
  }

  /** The archiver's logger and metrics, keeping what it reported: errors and counted metrics. */
  const observed = () => {
    const errors: unknown[] = [];
    const counted: Array<[string, number]> = [];
    return {
      errors,
      counted,
      logger: { error: (...args: unknown[]) => errors.push(args), info: () => undefined },
      metrics: {
        addMetric: (name: string, _unit: unknown, value: number) => {
          counted.push([name, value]);
        },
        publishStoredMetrics: () => undefined,
      },
    };
  };

  it('archives every inserted record of every tenant, in chain order, locked, and nothing else', async () => {
    // Prepare
    const [clinicA, clinicB] = [uniqueName('clinic-a'), uniqueName('clinic-b')];
    const appended = [];
    for (let i = 0; i < 3; i++) appended.push(await log.append(draft(clinicA, i)));
    for (let i = 0; i < 2; i++) appended.push(await log.append(draft(clinicB, i)));
    const event: DynamoDBStreamEvent = {
      Records: [...(await streamOf(clinicB)), ...(await streamOf(clinicA))],
    };
    const seen = observed();
    const archiver = auditArchiver({
      archive: s3AuditArchive(bucket),
      logger: seen.logger,
      metrics: seen.metrics,
    });

    // Act
    const answer = await archiver(event);

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    const a = await archived(clinicA);
    const b = await archived(clinicB);
    expect(a).toEqual(appended.filter((r) => r.tenantId === clinicA));
    expect(b).toEqual(appended.filter((r) => r.tenantId === clinicB));
    expect(verifyChain(a)).toMatchObject({ ok: true, count: 3 });
    // The head item (a MODIFY of the tenant's HEAD) is not an audit record and not tampering.
    expect(seen.errors).toEqual([]);
    const { Contents } = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `audit/${clinicA}/` }),
    );
    const retention = await s3.send(
      new GetObjectRetentionCommand({ Bucket: bucket, Key: Contents![0]!.Key }),
    );
    expect(retention.Retention?.Mode).toBe('COMPLIANCE');
  });

  it('reports a changed or removed audit record as tampering and archives nothing over the original', async () => {
    // Prepare
    const tenantId = uniqueName('clinic');
    await log.append(draft(tenantId, 0));
    const [inserted] = (await streamOf(tenantId)).filter((r) => r.eventName === 'INSERT');
    const altered = change('MODIFY', {
      Keys: inserted!.dynamodb!.Keys,
      NewImage: { ...inserted!.dynamodb!.NewImage, reasons: { L: [{ S: 'nothing happened' }] } },
    });
    const removed = change('REMOVE', { Keys: inserted!.dynamodb!.Keys });
    const seen = observed();
    const archiver = auditArchiver({
      archive: s3AuditArchive(bucket),
      logger: seen.logger,
      metrics: seen.metrics,
    });

    // Act
    const answer = await archiver({ Records: [altered, removed] });

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(seen.errors).toHaveLength(2);
    expect(seen.counted).toEqual([['AuditRecordsTampered', 2]]);
    expect(await archived(tenantId)).toEqual([]);
  });

  it('hands a batch it could not archive back from its first record, for Lambda to retry', async () => {
    // Prepare
    const tenantId = uniqueName('clinic');
    await log.append(draft(tenantId, 0));
    await log.append(draft(tenantId, 1));
    const records = (await streamOf(tenantId)).filter((r) => r.eventName === 'INSERT');
    const seen = observed();
    const nowhere = auditArchiver({
      archive: s3AuditArchive(uniqueName('no-such-bucket')),
      logger: seen.logger,
      metrics: seen.metrics,
    });

    // Act
    const answer = await nowhere({ Records: records });

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[0]!.dynamodb!.SequenceNumber }] });
    expect(seen.errors).toHaveLength(1);
    // The same batch, once the archive is reachable, goes through.
    const archiver = auditArchiver({
      archive: s3AuditArchive(bucket),
      logger: seen.logger,
      metrics: seen.metrics,
    });
    expect(await archiver({ Records: records })).toEqual({ batchItemFailures: [] });
    expect((await archived(tenantId)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('writes nothing for a log without an archive when it is flushed (deployed, the stream archives)', async () => {
    const tenantId = uniqueName('clinic');
    await log.append(draft(tenantId, 0));

    await log.flush();

    expect(await archived(tenantId)).toEqual([]);
  });
});
