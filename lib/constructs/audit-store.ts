import { Duration, Validations } from 'aws-cdk-lib';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Bucket, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucketProps } from '../defaults/bucket';

/** Seven years of audit retention (HIPAA's six years plus margin), in days. */
export const AUDIT_RETENTION_DAYS = 2557;

export interface AuditStoreProps {
  /** Customer-managed key the audit objects are encrypted with. */
  readonly encryptionKey: IKey;
  /**
   * Object Lock default retention in days.
   * @default AUDIT_RETENTION_DAYS (2557)
   */
  readonly retentionDays?: number;
}

/**
 * Where audit records are kept durably: S3 with Object Lock in COMPLIANCE mode, so no one — not
 * even the account root — can delete or rewrite a record before its retention ends.
 */
export class AuditStore extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: AuditStoreProps) {
    super(scope, id);
    // Server access logs cannot be delivered to a KMS-encrypted bucket, hence SSE-S3 here.
    this.accessLogs = new Bucket(
      this,
      'AccessLogs',
      secureBucketProps({ lifecycleRules: [{ expiration: Duration.days(AUDIT_RETENTION_DAYS) }] }),
    );
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log destination of the audit bucket; logging it to itself would loop.',
    });
    this.bucket = new Bucket(
      this,
      'Bucket',
      secureBucketProps({
        encryptionKey: props.encryptionKey,
        objectLockEnabled: true,
        objectLockDefaultRetention: ObjectLockRetention.compliance(
          Duration.days(props.retentionDays ?? AUDIT_RETENTION_DAYS),
        ),
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: 'audit/',
      }),
    );
  }

  /** Audit writers may add objects, never delete or overwrite retention. */
  grantAppend(grantee: IGrantable): Grant {
    return this.bucket.grantPut(grantee);
  }

  grantRead(grantee: IGrantable): Grant {
    return this.bucket.grantRead(grantee);
  }
}
