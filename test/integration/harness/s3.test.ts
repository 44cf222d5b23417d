import {
  CreateBucketCommand,
  GetObjectLockConfigurationCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3 } from '../../../adapters/aws/clients';
import { uniqueName } from '../../support/unique';

describe('S3 on LocalStack', () => {
  it('accepts a COMPLIANCE default retention on an Object Lock bucket', async () => {
    // Prepare
    const bucket = uniqueName('audit');
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));

    // Act
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
        },
      }),
    );
    const read = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));

    // Assess
    expect(read.ObjectLockConfiguration?.Rule?.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 2557 });
  });
});
