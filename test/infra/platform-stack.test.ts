import { Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { composeApp } from '../../lib/app';
import { synthWithNag } from '../support/synth';

const platformOf = (composed: ReturnType<typeof composeApp>) => composed.platform;

describe('platform stack', () => {
  const { template, violations } = synthWithNag(composeApp, platformOf);

  it('has zero cdk-nag AwsSolutions findings', () => {
    expect(violations).toEqual([]);
  });

  it('fails the nag check when an insecure resource is added', () => {
    // Prepare: the same app with one bucket lacking access logs and TLS enforcement.
    const { violations: found } = synthWithNag((app) => {
      const composed = composeApp(app);
      new Bucket(composed.platform, 'CarelessBucket');
      return composed;
    }, platformOf);

    // Assess
    expect(found.map((v) => v.rule)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    expect(found.every((v) => v.paths.every((p) => p.includes('CarelessBucket')))).toBe(true);
  });

  it('rotates the platform key and keeps it on stack deletion', () => {
    template!.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('keeps audit records under Object Lock COMPLIANCE for 2557 days, encrypted with the platform key', () => {
    template!.hasResource('AWS::S3::Bucket', {
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            }),
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'audit/' }),
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('denies non-TLS access to every bucket', () => {
    const policies = template!.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('protects the registry table: customer key, point-in-time recovery, deletion protection, retained', () => {
    template!.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('takes audit retention from context', () => {
    const { template: shorter } = synthWithNag(composeApp, platformOf, {
      'vivified:auditRetentionDays': 3000,
    });
    shorter!.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3000 } } },
    });
  });
});
