import { Duration, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
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
  private readonly encryptionKey: IKey;

  constructor(scope: Construct, id: string, props: AuditStoreProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
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
    Validations.of(this.accessLogs).acknowledge({
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason: 'S3 server access logs cannot be delivered to a KMS-encrypted bucket; SSE-S3 is used.',
    });
    Validations.of(this).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Cross-region replication needs a destination bucket with Object Lock in a second region chosen by the operator; docs/deploy.md describes adding it.',
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

  /** Audit writers may add objects under `audit/`, nothing else: no delete, no retention changes. */
  grantAppend(grantee: IGrantable): Grant {
    this.encryptionKey.grant(grantee, 'kms:GenerateDataKey');
    return Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject'],
      resourceArns: [this.bucket.arnForObjects('audit/*')],
    });
  }

  /**
   * Verifiers may read the checkpoint anchors (`audit/<tenant>/checkpoints/<seq>.json`) and list
   * the bucket, without which S3 answers a missing anchor with 403 instead of 404; no record's
   * content, no write.
   */
  grantReadAnchors(grantee: IGrantable): Grant {
    this.encryptionKey.grantDecrypt(grantee);
    return Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.bucket.arnForObjects('audit/*/checkpoints/*')],
    }).combine(
      Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] }),
    );
  }

  grantRead(grantee: IGrantable): Grant {
    return this.bucket.grantRead(grantee);
  }
}
