import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AUDIT_PARTITION_PREFIX } from '../../adapters/aws/deploy-contract';

export interface RegistryProps {
  /** Customer-managed key the table is encrypted with. */
  readonly encryptionKey: IKey;
}

/**
 * The single DynamoDB table holding tenants, catalog entries, installations and the audit index.
 * Point-in-time recovery and deletion protection are on and the table outlives the stack:
 * losing it would lose every tenant's state.
 */
export class Registry extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: RegistryProps) {
    super(scope, id);
    // Table (not TableV2): TableV2 cannot render a customer-managed key in a region-agnostic stack.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The audit archiver reads committed audit records from the stream (lib/constructs/audit-archiver.ts).
      stream: StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Index names and key attributes follow adapters/aws/registry/keys.ts, which documents the design.
    for (const index of ['gsi1', 'gsi2']) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: AttributeType.STRING },
      });
    }
    // Point-in-time recovery covers 35 days of mistakes; the backup plan adds copies outside the table.
    this.backUp(props.encryptionKey);
  }

  /** Adds the table to a daily AWS Backup plan kept 35 days, in a vault encrypted with `key`. */
  private backUp(key: IKey) {
    const vault = new BackupVault(this, 'Vault', { encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN });
    const plan = BackupPlan.daily35DayRetention(this, 'Backups', vault);
    plan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(this.table)] });
    Validations.of(plan).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'AWS Backup’s own service role policy, maintained by AWS for taking backups.',
    });
  }

  /** Lets a control-plane function read and write every item: tenants, catalog, installations, audit. */
  grantReadWrite(grantee: IGrantable): Grant {
    return this.grantItems(grantee, [...READ_ACTIONS, ...WRITE_ACTIONS]).combine(
      this.grantTableKey(grantee, true),
    );
  }

  /**
   * Lets a lane read the registry and append its audit records, and write nothing else: a lane
   * (the internet-facing proxy among them) cannot change a tenant, a catalog entry or an
   * installation, because DynamoDB checks every written item's partition key (`AUDIT#<tenant>`).
   */
  grantLaneAccess(grantee: IGrantable): Grant {
    return this.grantItems(grantee, READ_ACTIONS)
      .combine(
        Grant.addToPrincipal({
          grantee,
          actions: WRITE_ACTIONS.filter((action) => action !== 'dynamodb:DeleteItem'),
          resourceArns: [this.table.tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PARTITION_PREFIX}*`] },
          },
        }),
      )
      .combine(this.grantTableKey(grantee, true));
  }

  private grantItems(grantee: IGrantable, actions: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [this.table.tableArn, `${this.table.tableArn}/index/*`],
    });
  }

  /**
   * The table key, used through DynamoDB only: a function reading or writing items cannot
   * encrypt or decrypt anything of its own under the platform key with this grant.
   */
  private grantTableKey(grantee: IGrantable, write: boolean): Grant {
    const key = this.table.encryptionKey!;
    return Grant.addToPrincipal({
      grantee,
      actions: write
        ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']
        : ['kms:Decrypt', 'kms:DescribeKey'],
      resourceArns: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
    });
  }
}

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

// No Scan: every access pattern is a key lookup or a query (adapters/aws/registry/keys.ts).
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
