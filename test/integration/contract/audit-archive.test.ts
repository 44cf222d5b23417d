import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3AuditArchive } from '../../../adapters/aws/audit-archive';
import { s3 } from '../../../adapters/aws/clients';
import type { AuditRecord } from '../../../core/audit';
import { auditArchiveContract } from '../../contract/audit-archive.contract';
import { createAuditBucket } from '../../support/audit-bucket';
import { uniqueName } from '../../support/unique';

auditArchiveContract('S3 Object Lock', async () => {
  const bucket = uniqueName('audit');
  await createAuditBucket(bucket);
  return {
    archive: s3AuditArchive(bucket, s3, { checkpointInterval: 4 }),
    // Every object under the tenant's prefix, read back, each record once.
    async archived(tenantId) {
      const { Contents } = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `audit/${tenantId}/` }),
      );
      const bySeq = new Map<number, AuditRecord>();
      for (const { Key } of (Contents ?? []).filter(({ Key }) => !Key?.includes('/checkpoints/'))) {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
        for (const line of (await object.Body!.transformToString()).trim().split('\n')) {
          const record = JSON.parse(line) as AuditRecord;
          bySeq.set(record.seq, record);
        }
      }
      return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
    },
  };
});
