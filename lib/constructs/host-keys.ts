import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { isTenantId } from '../../core/tenancy';
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
 * The platform's keys: the customer-managed KMS key tables, queues, the bus, buckets and logs are
 * encrypted under (and plugin config secrets envelope-encrypted with), the KMS key signing plugin
 * credentials, optional per-tenant keys, and the secret holding the operator lane's signing key.
 */
export class HostKeys extends Construct {
  readonly platformKey: Key;
  /**
   * Signs plugin credentials (RSA, asymmetric: the private half never leaves KMS, and anything
   * holding the public key can verify). Asymmetric keys cannot rotate automatically; rotate by
   * adding a new key and letting credentials (one hour) expire.
   */
  readonly credentialKey: Key;
  /**
   * Dedicated keys by tenant id: that tenant's envelopes are sealed under its key instead of the
   * platform key, so scheduling the key's deletion shreds them.
   */
  readonly tenantKeys: ReadonlyMap<string, Key>;
  /**
   * The private JWK the operator lane signs calls to plugins with. A JWK rather than a KMS key:
   * plugins verify every call, and a KMS Sign round trip per call would sit on the lane's hot path.
   * Created empty; set once after the first deploy (docs/deploy.md).
   */
  readonly operatorKey: Secret;
  /**
   * The private JWK console panel sessions are signed with (docs/panels.md): its own key, so a
   * panel session can never pass for an operator call, nor the other way round.
   */
  readonly panelKey: Secret;

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
    this.allowLogGroups();
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
    // Functions refuse at start-up a tenant key map naming something that is not a tenant id;
    // refusing it here stops the deploy instead of every function that seals.
    for (const tenant of props.dedicatedKeyTenants ?? []) {
      if (!isTenantId(tenant))
        throw new Error(`Dedicated-key tenant ${JSON.stringify(tenant)} is not a tenant id.`);
    }
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
    this.operatorKey = new Secret(this, 'OperatorSigningKey', {
      description: 'Private JWK the operator lane signs plugin calls with (set once after the first deploy)',
      encryptionKey: this.platformKey,
    });
    this.panelKey = new Secret(this, 'PanelSessionKey', {
      description: 'Private JWK console panel sessions are signed with (set once after the first deploy)',
      encryptionKey: this.platformKey,
    });
    for (const id of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
      Validations.of(this.operatorKey).acknowledge({
        id,
        reason:
          'Rotating the operator key means publishing old and new public keys side by side; it is a documented procedure (docs/deploy.md), not a blind rotation Lambda.',
      });
      Validations.of(this.panelKey).acknowledge({
        id,
        reason:
          'Panel sessions live five minutes; rotating the key is putting a new JWK in the secret (docs/panels.md), which only ends the sessions open at that moment.',
      });
    }
  }

  /** The panel key is signed and verified with in process, like the operator key: read by the two functions that need it. */
  grantPanelKeyRead(grantee: IGrantable): Grant {
    return this.panelKey.grantRead(grantee);
  }

  /** Lets a function issue plugin credentials. */
  grantSign(grantee: IGrantable): Grant {
    return this.credentialKey.grant(grantee, 'kms:Sign', 'kms:GetPublicKey');
  }

  /** Lets a function verify plugin credentials. */
  grantVerify(grantee: IGrantable): Grant {
    return this.credentialKey.grant(grantee, 'kms:Verify', 'kms:GetPublicKey');
  }

  /**
   * CloudWatch Logs encrypts with the key as its regional service principal, which no IAM grant
   * reaches: without this statement every encrypted log group fails to create. Confined to log
   * groups of this account and region by the encryption context Logs always sends.
   */
  private allowLogGroups() {
    const stack = Stack.of(this);
    this.platformKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }

  /** Lets a function read the operator lane's signing key (the operator lane, plugin self-service). */
  grantOperatorKeyRead(grantee: IGrantable): Grant {
    return this.operatorKey.grantRead(grantee);
  }

  /**
   * Lets a function seal and open envelopes (config secrets, PHI fields): under the platform key,
   * and under each dedicated tenant key for that tenant's values only.
   */
  grantEnvelope(grantee: IGrantable): Grant {
    return this.grantEnvelopeActions(grantee, ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt']);
  }

  /** Lets a function open envelopes, never seal them, under the platform key and the tenant keys. */
  grantEnvelopeOpen(grantee: IGrantable): Grant {
    return this.grantEnvelopeActions(grantee, ['kms:Decrypt']);
  }

  private grantEnvelopeActions(grantee: IGrantable, actions: string[]): Grant {
    let grant = this.platformKey.grant(grantee, ...actions);
    for (const [tenant, key] of this.tenantKeys) {
      // The envelope's encryption context names the tenant: a tenant key used for anyone else's
      // data, by a bug or a moved record, is refused by KMS itself.
      grant = grant.combine(
        Grant.addToPrincipal({
          grantee,
          actions,
          resourceArns: [key.keyArn],
          conditions: { StringEquals: { 'kms:EncryptionContext:tenantId': tenant } },
        }),
      );
    }
    return grant;
  }
}
