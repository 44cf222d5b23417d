import { CreateBucketCommand, PutObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../adapters/aws/clients';

/**
 * An audit bucket as the stack makes it, for tests: Object Lock on, a COMPLIANCE default retention
 * (one day, so the emulator's objects are not kept for years).
 */
export async function createAuditBucket(name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: name,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
      },
    }),
  );
}
