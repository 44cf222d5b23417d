import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, BucketEncryption, type BucketProps, ObjectOwnership } from 'aws-cdk-lib/aws-s3';

/**
 * Secure defaults for every bucket: no public access, TLS-only bucket policy, versioning,
 * bucket-owner ownership (no ACLs), KMS encryption when a key is given, retained on deletion.
 */
export function secureBucketProps(overrides: BucketProps = {}): BucketProps {
  return {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: overrides.encryptionKey ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED,
    bucketKeyEnabled: Boolean(overrides.encryptionKey),
    removalPolicy: RemovalPolicy.RETAIN,
    ...overrides,
  };
}
