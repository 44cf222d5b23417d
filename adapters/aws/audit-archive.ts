import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { type AuditCheckpoint, type AuditRecord, checkpointAt, isCheckpointDue } from '../../core/audit';
import type { AuditArchive } from '../../core/ports';
import { s3 as sharedS3 } from './clients';

const pad = (seq: number) => String(seq).padStart(12, '0');

export interface S3AuditArchiveOptions {
  /** Records per checkpoint, as the audit log takes them. @default CHECKPOINT_INTERVAL */
  readonly checkpointInterval?: number;
}

/** Where a tenant's checkpoint at `seq` is anchored: one small object, found without a listing. */
export const anchorKey = (tenantId: string, seq: number) => `audit/${tenantId}/checkpoints/${pad(seq)}.json`;

/** A conditional write lost to an object already there: the first anchor stands. */
const alreadyAnchored = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 412 || error.name === 'PreconditionFailed');

/**
 * The Object Lock bucket as the audit archive: one JSON Lines object per tenant and write,
 * `audit/<tenant>/<yyyy>/<mm>/<dd>/<first seq>-<last seq>.jsonl`, records in chain order. The
 * bucket's default retention (COMPLIANCE mode) locks each object as it is written; a retried write
 * adds a version with the same records rather than replacing anything.
 *
 * The checkpoint of every record that takes one is derived here from the record itself and
 * anchored at `audit/<tenant>/checkpoints/<seq>.json`, written only if no object is there
 * (If-None-Match): the first anchor of a seq is the one verification ever reads.
 */
export function s3AuditArchive(
  bucketName: string,
  s3: S3Client = sharedS3,
  options: S3AuditArchiveOptions = {},
): AuditArchive {
  async function anchor(checkpoint: AuditCheckpoint) {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucketName,
          Key: anchorKey(checkpoint.tenantId, checkpoint.seq),
          Body: JSON.stringify(checkpoint),
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    } catch (error) {
      if (!alreadyAnchored(error)) throw error;
    }
  }

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
        // Anchored after the records they vouch for are archived, so an anchor never runs ahead.
        for (const record of chain)
          if (isCheckpointDue(record.seq, options.checkpointInterval)) await anchor(checkpointAt(record));
      }
    },

    async anchored(tenantId, seq) {
      try {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: bucketName, Key: anchorKey(tenantId, seq) }),
        );
        return JSON.parse(await object.Body!.transformToString()) as AuditCheckpoint;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
