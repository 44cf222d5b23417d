import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditRecord } from '../../core/audit';
import type { AuditArchive } from '../../core/ports';
import { s3 as sharedS3 } from './clients';

const pad = (seq: number) => String(seq).padStart(12, '0');

/**
 * The Object Lock bucket as the audit archive: one JSON Lines object per tenant and write,
 * `audit/<tenant>/<yyyy>/<mm>/<dd>/<first seq>-<last seq>.jsonl`, records in chain order. The
 * bucket's default retention (COMPLIANCE mode) locks each object as it is written; a retried write
 * adds a version with the same records rather than replacing anything.
 */
export function s3AuditArchive(bucketName: string, s3: S3Client = sharedS3): AuditArchive {
  return {
    async write(records) {
      const byTenant = new Map<string, AuditRecord[]>();
      for (const record of records) {
        const chain = byTenant.get(record.tenantId) ?? [];
        chain.push(record);
        byTenant.set(record.tenantId, chain);
      }
      for (const [tenantId, chain] of byTenant) {
        chain.sort((a, b) => a.seq - b.seq);
        const first = chain[0]!;
        const day = first.time.slice(0, 10).replaceAll('-', '/');
        await s3.send(
          new PutObjectCommand({
            Bucket: bucketName,
            Key: `audit/${tenantId}/${day}/${pad(first.seq)}-${pad(chain.at(-1)!.seq)}.jsonl`,
            Body: `${chain.map((r) => JSON.stringify(r)).join('\n')}\n`,
            ContentType: 'application/x-ndjson',
            // Object Lock buckets require an integrity checksum on every write.
            ChecksumAlgorithm: 'SHA256',
          }),
        );
      }
    },
  };
}
