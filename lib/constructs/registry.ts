import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  ArnPrincipal,
  CompositePrincipal,
  Grant,
  type IGrantable,
  type IRole,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  AUDIT_PARTITION_PREFIX,
  CATALOG_PARTITION_PREFIX,
  TENANT_PARTITION_PREFIX,
  TENANT_SESSION_TAG,
} from '../../adapters/aws/deploy-contract';
import { PLATFORM_TENANT_ID } from '../../core/tenancy';

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
    // Index names and key attributes follow adapters/aws/registry/keys.ts, which documents the design:
    // gsi1 collections, gsi2 installations by state, gsi3–gsi7 audit records by actor, action,
    // decision, time and trace (adapters/aws/registry/audit-keys.ts; each is one more write per
    // record). CloudFormation adds one index per stack update: a stack deployed before these needs
    // one update per missing index (docs/audit.md).
    for (const index of INDEXES) {
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

  /** Lets a function read every item and index (the scheduled audit verification), and write none. */
  grantRead(grantee: IGrantable): Grant {
    return this.grantItems(grantee, READ_ACTIONS).combine(this.grantTableKey(grantee, false));
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

  /**
   * Tenant-scoped access for the lanes, which serve every tenant's plugins: a lane's own role may
   * read the catalog and the platform's audit chain only; a tenant's items it reaches through a
   * session of the returned tenant data role, assumed with the tenant as the `TenantId` session
   * tag (adapters/aws/tenant-sessions.ts). That role's policy lets DynamoDB admit only items whose
   * partition key names the session's tenant (`dynamodb:LeadingKeys` against
   * `aws:PrincipalTag/TenantId`), and of those writes only the tenant's audit records. Only the
   * grantees may assume it, and only with exactly that one tag, set to a well-formed tenant id.
   */
  grantTenantScopedLaneAccess(grantees: readonly (IGrantable & { readonly role?: IRole })[]): Role {
    const tenant = `\${aws:PrincipalTag/${TENANT_SESSION_TAG}}`;
    const role = new Role(this, 'TenantData', {
      description:
        'Vivified: the registry items of one tenant, assumed by the plugin lanes per tenant (session tag TenantId)',
      assumedBy: new CompositePrincipal(...grantees.map((g) => new ArnPrincipal(g.role!.roleArn))),
    });
    // Assuming needs TagSession too; the tag must be the one key, and a tenant id (not a wildcard).
    role.assumeRolePolicy!.addStatements(
      new PolicyStatement({
        actions: ['sts:TagSession'],
        principals: grantees.map((g) => new ArnPrincipal(g.role!.roleArn)),
        conditions: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
          // Not empty; and STS's tag alphabet has no `*` or `?`, so the value names one tenant.
          StringLike: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: '?*' },
        },
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadOwnTenantItems',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'dynamodb:LeadingKeys': [
              `${TENANT_PARTITION_PREFIX}${tenant}`,
              `${AUDIT_PARTITION_PREFIX}${tenant}`,
            ],
          },
        },
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AppendOwnTenantAudit',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`${AUDIT_PARTITION_PREFIX}${tenant}`] },
        },
      }),
    );
    this.grantTableKey(role, true);
    for (const [id, reason] of [
      [
        'kms:GenerateDataKey*',
        'Data keys of the table key for the audit items it appends, through DynamoDB only.',
      ],
      [
        'kms:ReEncrypt*',
        'Re-encryption under the table key only, through DynamoDB only, as CDK grants table access.',
      ],
    ] as const) {
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Action::${id}]`, reason });
    }
    for (const grantee of grantees) {
      Grant.addToPrincipal({
        grantee,
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resourceArns: [role.roleArn],
      });
      // Its own role: the catalog's manifests, and the platform's chain (refusals of callers not yet known).
      Grant.addToPrincipal({
        grantee,
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resourceArns: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              `${CATALOG_PARTITION_PREFIX}*`,
              `${AUDIT_PARTITION_PREFIX}${PLATFORM_TENANT_ID}`,
            ],
          },
        },
      });
      Grant.addToPrincipal({
        grantee,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resourceArns: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'dynamodb:LeadingKeys': [`${AUDIT_PARTITION_PREFIX}${PLATFORM_TENANT_ID}`],
          },
        },
      });
      this.grantTableKey(grantee, true);
    }
    return role;
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
  /**
   * What deploy needs to record one tenant's dedicated key (lib/constructs/tenant-key-records.ts):
   * put items in that tenant's partition only, using the table's key through DynamoDB only. As
   * statements, because the deploy-time function that writes it must have them before it runs.
   */
  keyRecordStatements(tenantId: string): PolicyStatement[] {
    return [
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`${TENANT_PARTITION_PREFIX}${tenantId}`] },
        },
      }),
      new PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
        resources: [this.table.encryptionKey!.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    ];
  }

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

/** Every index of the table, in the order they were added. */
const INDEXES = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6', 'gsi7'] as const;

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
