import type { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { stripKeys } from '../../adapters/aws/registry/items';
import type { AuditRecord } from '../../core/audit';
import type { AuditArchive } from '../../core/ports';

export interface AuditArchiverOptions {
  readonly archive: AuditArchive;
  readonly logger: Pick<Logger, 'error' | 'info'>;
  readonly metrics: {
    addMetric(name: string, unit: 'Count', value: number): unknown;
    publishStoredMetrics(): void;
  };
}

/** Audit records' sort keys: the chain's items, not the tenant's head item. */
const isAuditRecord = (sortKey: string | undefined) => sortKey?.startsWith('SEQ#') === true;

/**
 * The audit archiver: the registry table's stream delivers every audit record the moment its
 * commit lands, and this writes them to the Object Lock bucket. Archiving happens after the
 * commit, outside any request, so a function that dies between its commit and its response loses
 * nothing, and no request waits for S3.
 *
 * Audit records are only ever inserted. A change to or removal of one is tampering (or a restore
 * gone wrong) and is reported as an error and a metric, never archived over the original. A
 * failed write hands the batch back from its first record: Lambda retries it, bisects it, and in
 * the end leaves it in the dead-letter queue; writing the same records twice is harmless.
 */
export function auditArchiver(options: AuditArchiverOptions) {
  const { archive, logger, metrics } = options;
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records: AuditRecord[] = [];
    let tampered = 0;
    for (const change of event.Records) {
      const image = change.dynamodb;
      if (!isAuditRecord(image?.Keys?.sk?.S)) continue;
      if (change.eventName !== 'INSERT' || !image?.NewImage) {
        tampered++;
        logger.error('An audit record was changed or removed in the registry table', {
          eventName: change.eventName,
          pk: image?.Keys?.pk?.S,
          sk: image?.Keys?.sk?.S,
          sequenceNumber: image?.SequenceNumber,
        });
        continue;
      }
      records.push(stripKeys<AuditRecord>(unmarshall(image.NewImage as Record<string, AttributeValue>)));
    }
    if (tampered > 0) {
      metrics.addMetric('AuditRecordsTampered', 'Count', tampered);
      metrics.publishStoredMetrics();
    }
    if (records.length === 0) return { batchItemFailures: [] };
    try {
      await archive.write(records);
    } catch (error) {
      logger.error('Archiving audit records failed; the batch is retried', { error: error as Error });
      const first = event.Records[0]?.dynamodb?.SequenceNumber;
      return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
    }
    logger.info('Archived audit records', { count: records.length });
    return { batchItemFailures: [] };
  };
}
