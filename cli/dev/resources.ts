import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, DescribeEventBusCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { dynamoDb, eventBridge, kms, s3, secrets } from '../../adapters/aws/clients';
import { documents } from '../../adapters/aws/registry/document-client';
import { registryTableDefinition } from '../../adapters/aws/registry/table-definition';
import { recordTenantKey } from '../../adapters/aws/tenant-keys';
import { OperatorSigner } from '../../adapters/identity/operator-signing';
import { isTenantId } from '../../core/tenancy';

/** The platform-level resources `vivified dev` provisions in the emulators, named for one deployment. */
export interface DevResources {
  readonly tableName: string;
  readonly auditBucket: string;
  readonly busName: string;
  readonly platformKeyArn: string;
  readonly signingKeyId: string;
  readonly operatorKeySecret: string;
  readonly panelKeySecret: string;
  /** Dedicated keys (ARNs) by tenant id, aliased `<prefix>/tenants/<tenant>` as deployed. */
  readonly tenantKeys: ReadonlyMap<string, string>;
}

const exists = async (probe: () => Promise<unknown>) => {
  try {
    await probe();
    return true;
  } catch {
    return false;
  }
};

async function keyByAlias(
  alias: string,
  usage: KeyUsageType,
  spec: KeySpec,
  description: string,
): Promise<string> {
  try {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: `alias/${alias}` }));
    return KeyMetadata!.Arn!;
  } catch {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeyUsage: usage, KeySpec: spec, Description: description }),
    );
    await kms.send(new CreateAliasCommand({ AliasName: `alias/${alias}`, TargetKeyId: KeyMetadata!.KeyId }));
    return KeyMetadata!.Arn!;
  }
}

/**
 * Creates what the CDK stack deploys at platform level — keys (a dedicated one per tenant in
 * `dedicatedKeyTenants`), registry table, Object Lock audit bucket, canonical bus, operator signing
 * secret — in the emulators, or finds what an earlier run made. Idempotent, so every `vivified dev`
 * start reuses the same platform and its data.
 */
export async function provisionDevResources(
  prefix = 'vivified-dev',
  dedicatedKeyTenants: readonly string[] = [],
): Promise<DevResources> {
  const invalid = dedicatedKeyTenants.find((tenant) => !isTenantId(tenant));
  if (invalid !== undefined)
    throw new Error(`Dedicated-key tenant ${JSON.stringify(invalid)} is not a tenant id.`);
  const names = {
    tableName: `${prefix}-registry`,
    auditBucket: `${prefix}-audit`,
    busName: `${prefix}-canonical`,
  };
  const platformKeyArn = await keyByAlias(
    `${prefix}/platform`,
    'ENCRYPT_DECRYPT',
    'SYMMETRIC_DEFAULT',
    'Vivified dev platform key',
  );
  const signingKeyId = await keyByAlias(
    `${prefix}/credentials`,
    'SIGN_VERIFY',
    'RSA_2048',
    'Vivified dev plugin credential signing key',
  );
  const tenantKeys = new Map<string, string>();
  for (const tenant of dedicatedKeyTenants) {
    tenantKeys.set(
      tenant,
      await keyByAlias(
        `${prefix}/tenants/${tenant}`,
        'ENCRYPT_DECRYPT',
        'SYMMETRIC_DEFAULT',
        `Vivified dev data key of tenant ${tenant}`,
      ),
    );
  }

  try {
    const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: names.tableName }));
    await addMissingIndexes(names.tableName, new Set(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await dynamoDb.send(new CreateTableCommand(registryTableDefinition(names.tableName)));
    await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: names.tableName });
  }
  // Recorded as deploy records them (lib/constructs/tenant-key-records.ts): the functions look keys up there.
  for (const [tenant, keyArn] of tenantKeys)
    await recordTenantKey(documents, names.tableName, tenant, keyArn);

  if (!(await exists(() => s3.send(new HeadBucketCommand({ Bucket: names.auditBucket }))))) {
    await s3.send(new CreateBucketCommand({ Bucket: names.auditBucket, ObjectLockEnabledForBucket: true }));
    // One day locally: the same mechanism as the deployed 2557 days, without a week-long cleanup.
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: names.auditBucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
        },
      }),
    );
  }

  if (!(await exists(() => eventBridge.send(new DescribeEventBusCommand({ Name: names.busName }))))) {
    await eventBridge.send(new CreateEventBusCommand({ Name: names.busName }));
  }

  const operatorKeySecret = `${prefix}/operator-signing-key`;
  if (!(await exists(() => secrets.send(new GetSecretValueCommand({ SecretId: operatorKeySecret }))))) {
    await secrets.send(
      new CreateSecretCommand({
        Name: operatorKeySecret,
        SecretString: JSON.stringify(await OperatorSigner.generatePrivateJwk()),
        KmsKeyId: platformKeyArn,
      }),
    );
  }
  // Console panel sessions: a key of their own (docs/panels.md), kept like the operator key.
  const panelKeySecret = `${prefix}/panel-session-key`;
  if (!(await exists(() => secrets.send(new GetSecretValueCommand({ SecretId: panelKeySecret }))))) {
    await secrets.send(
      new CreateSecretCommand({
        Name: panelKeySecret,
        SecretString: JSON.stringify(await OperatorSigner.generatePrivateJwk()),
        KmsKeyId: platformKeyArn,
      }),
    );
  }
  return { ...names, platformKeyArn, signingKeyId, operatorKeySecret, panelKeySecret, tenantKeys };
}

/**
 * Adds the indexes a table made by an older `vivified dev` lacks (the audit trace index, say), one
 * at a time as DynamoDB allows; records written before carry no keys for them, as deployed.
 */
async function addMissingIndexes(tableName: string, present: ReadonlySet<string | undefined>) {
  const definition = registryTableDefinition(tableName);
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await dynamoDb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definition.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [
          {
            Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection },
          },
        ],
      }),
    );
    // Queries of an index still being built fail: wait until it serves.
    for (let i = 0; i < 120; i++) {
      const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: tableName }));
      const status = Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.IndexName)?.IndexStatus;
      if (status === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
