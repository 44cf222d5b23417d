import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { secureKeyProps } from '../defaults/kms';

export interface HostKeysProps {
  /**
   * Alias prefix for the platform key, so several deployments can share an account.
   * @default 'vivified'
   */
  readonly aliasPrefix?: string;
}

/**
 * The platform's customer-managed KMS key: tables, queues, the bus, buckets and logs are
 * encrypted under it, and plugin config secrets are envelope-encrypted with it.
 */
export class HostKeys extends Construct {
  readonly platformKey: Key;

  constructor(scope: Construct, id: string, props: HostKeysProps = {}) {
    super(scope, id);
    this.platformKey = new Key(
      this,
      'PlatformKey',
      secureKeyProps({
        alias: `${props.aliasPrefix ?? 'vivified'}/platform`,
        description: 'Vivified platform data key (tables, queues, bus, buckets, logs, config secrets)',
      }),
    );
  }

  /** Lets a function envelope-encrypt and decrypt under the platform key (config secrets, PHI fields). */
  grantEnvelope(grantee: IGrantable): Grant {
    return this.platformKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt');
  }
}
