import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { secureKeyProps } from '../defaults/kms';

export interface HostKeysProps {
  /**
   * Alias prefix for the platform key, so several deployments can share an account.
   * @default 'vivified'
   */
  readonly aliasPrefix?: string;
  /** Tenants whose data gets a key of their own (alias `<prefix>/tenants/<tenant>`). */
  readonly dedicatedKeyTenants?: readonly string[];
}

/**
 * The platform's customer-managed KMS key: tables, queues, the bus, buckets and logs are
 * encrypted under it, and plugin config secrets are envelope-encrypted with it.
 */
export class HostKeys extends Construct {
  readonly platformKey: Key;
  /**
   * Signs plugin credentials (RSA, asymmetric: the private half never leaves KMS, and anything
   * holding the public key can verify). Asymmetric keys cannot rotate automatically; rotate by
   * adding a new key and letting credentials (one hour) expire.
   */
  readonly credentialKey: Key;
  /** Dedicated keys by tenant id. */
  readonly tenantKeys: ReadonlyMap<string, Key>;

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
    this.credentialKey = new Key(
      this,
      'CredentialKey',
      secureKeyProps({
        alias: `${props.aliasPrefix ?? 'vivified'}/plugin-credentials`,
        description: 'Vivified plugin credential signing key',
        keySpec: KeySpec.RSA_2048,
        keyUsage: KeyUsage.SIGN_VERIFY,
        enableKeyRotation: false,
      }),
    );
    const prefix = props.aliasPrefix ?? 'vivified';
    this.tenantKeys = new Map(
      (props.dedicatedKeyTenants ?? []).map((tenant) => [
        tenant,
        new Key(
          this,
          `Tenant-${tenant}`,
          secureKeyProps({
            alias: `${prefix}/tenants/${tenant}`,
            description: `Vivified data key of tenant ${tenant}`,
          }),
        ),
      ]),
    );
  }

  /** Lets a function issue plugin credentials. */
  grantSign(grantee: IGrantable): Grant {
    return this.credentialKey.grant(grantee, 'kms:Sign', 'kms:GetPublicKey');
  }

  /** Lets a function verify plugin credentials. */
  grantVerify(grantee: IGrantable): Grant {
    return this.credentialKey.grant(grantee, 'kms:Verify', 'kms:GetPublicKey');
  }

  /** Lets a function envelope-encrypt and decrypt under the platform key (config secrets, PHI fields). */
  grantEnvelope(grantee: IGrantable): Grant {
    return this.platformKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt');
  }
}
