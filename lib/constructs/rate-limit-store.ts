import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RATE_LIMIT_TABLE, TENANT_SESSION_TAG } from '../../adapters/aws/deploy-contract';

export interface RateLimitStoreProps {
  /** Customer-managed key the table is encrypted with (the platform key, as the registry's). */
  readonly encryptionKey: IKey;
}

/**
 * The lanes' shared call counters: one item per limit and minute, expired by TTL
 * (adapters/aws/rate-limiter.ts). A table of its own rather than items in the registry: the
 * registry's stream feeds the audit archiver, which would read every counted call, and its
 * backups and point-in-time recovery would keep counters worth nothing a minute later.
 */
export class RateLimitStore extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: RateLimitStoreProps) {
    super(scope, id);
    // Table (not TableV2), as the registry: a customer-managed key in a region-agnostic stack.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: RATE_LIMIT_TABLE.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: RATE_LIMIT_TABLE.timeToLive,
      // Counters of the current minute only: losing them resets limits for one window, no more.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const id of ['AwsSolutions-DDB3', 'HIPAA.Security-DynamoDBPITREnabled']) {
      Validations.of(this.table).acknowledge({
        id,
        reason:
          'Call counters of the current minute, expired by TTL: a restored counter would count a window long closed.',
      });
    }
    Validations.of(this.table).acknowledge({
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason: 'Call counters of the current minute hold nothing worth a backup.',
    });
  }

  /**
   * Lets the plugin lanes' tenant data role count a tenant's calls, and do nothing else: UpdateItem
   * only (no read, no delete, no scan), and only on counters whose key starts with the session's
   * tenant (`<tenant>#…` or `<tenant>/…`), so a lane serving one tenant cannot spend another's.
   */
  grantCountTenantCalls(tenantDataRole: IGrantable): Grant {
    const tenant = `\${aws:PrincipalTag/${TENANT_SESSION_TAG}}`;
    return Grant.addToPrincipal({
      grantee: tenantDataRole,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${tenant}#*`, `${tenant}/*`] },
      },
    }).combine(
      Grant.addToPrincipal({
        grantee: tenantDataRole,
        // DynamoDB encrypts and decrypts the items with the table key on the caller's behalf.
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        resourceArns: [this.table.encryptionKey!.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }
}
