import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { s3AuditArchive } from '../../adapters/aws/audit-archive';
import { auditLog } from '../../adapters/aws/audit-log';
import { dynamoDb, ecs, eventBridge, kms } from '../../adapters/aws/clients';
import { ecsRuntime } from '../../adapters/aws/ecs-runtime';
import { kmsEnvelope } from '../../adapters/aws/envelope';
import { externalTargets } from '../../adapters/aws/external-targets';
import { pluginCredentials } from '../../adapters/aws/plugin-credentials';
import { catalogStore } from '../../adapters/aws/registry/catalog';
import { installationStore } from '../../adapters/aws/registry/installations';
import { subscriberStore } from '../../adapters/aws/registry/subscribers';
import { registryTableDefinition } from '../../adapters/aws/registry/table-definition';
import { tenantStore } from '../../adapters/aws/registry/tenants';
import { eventBridgeSubscriptions } from '../../adapters/aws/subscriptions';
import { DevIssuer } from '../../adapters/identity/dev-issuer';
import { userTokenVerifier } from '../../adapters/identity/user-tokens';
import type { PlatformEvents, PluginCredentials } from '../../core/ports';
import type { ControlPlane } from '../../functions/shared/control-plane';
import { observability } from '../../functions/shared/control-plane';
import { createAuditBucket } from './audit-bucket';
import { ec2 } from './ec2';
import { uniqueName } from './unique';

export interface TestPlatform {
  readonly plane: ControlPlane;
  readonly issuer: DevIssuer;
  readonly names: { table: string; bucket: string; bus: string; cluster: string; keyId: string };
  /** Issues and verifies plugin credentials with a KMS signing key of this platform's own. */
  readonly credentials: PluginCredentials;
  /** Platform events emitted during the test, in order. */
  readonly emitted: Array<Parameters<PlatformEvents['emit']>[0]>;
  /** The dedicated keys (ARNs) of the tenants asked for in `dedicatedKeyTenants`. */
  readonly tenantKeys: ReadonlyMap<string, string>;
}

/**
 * A complete control plane on the emulators with resources no other test shares: its own table,
 * audit bucket (Object Lock), KMS key, bus and ECS cluster, and a development token issuer.
 * `dedicatedKeyTenants` get a KMS key each, as `vivified:dedicatedKeyTenants` gives them deployed.
 */
export async function testPlatform(
  overrides: Partial<ControlPlane> = {},
  options: { endpointPattern?: string; dedicatedKeyTenants?: readonly string[] } = {},
): Promise<TestPlatform> {
  const names = {
    table: uniqueName('registry'),
    bucket: uniqueName('audit'),
    bus: uniqueName('canonical'),
    cluster: uniqueName('plugins'),
    keyId: '',
  };
  const [key, signingKey] = await Promise.all([
    kms.send(new CreateKeyCommand({ Description: names.table })),
    kms.send(
      new CreateKeyCommand({
        Description: `${names.table} credentials`,
        KeyUsage: 'SIGN_VERIFY',
        KeySpec: 'RSA_2048',
      }),
    ),
    dynamoDb.send(new CreateTableCommand(registryTableDefinition(names.table))),
    createAuditBucket(names.bucket),
    eventBridge.send(new CreateEventBusCommand({ Name: names.bus })),
  ]);
  names.keyId = key.KeyMetadata!.KeyId!;
  const tenantKeys = new Map(
    await Promise.all(
      (options.dedicatedKeyTenants ?? []).map(async (tenant) => {
        const made = await kms.send(new CreateKeyCommand({ Description: `${names.table} tenant ${tenant}` }));
        return [tenant, made.KeyMetadata!.Arn!] as const;
      }),
    ),
  );
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: names.table });
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: names.cluster }));
  const subnets = await ec2.send(new DescribeSubnetsCommand({}));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
  const issuer = await DevIssuer.create();
  const emitted: TestPlatform['emitted'] = [];
  const credentials = pluginCredentials({ keyId: signingKey.KeyMetadata!.KeyId! });

  const plane: ControlPlane = {
    tenants: tenantStore(names.table),
    catalog: catalogStore(names.table),
    installations: installationStore(names.table),
    audit: auditLog({ tableName: names.table, archive: s3AuditArchive(names.bucket) }),
    envelope: kmsEnvelope({ keyId: key.KeyMetadata!.Arn!, tenantKeys }),
    runtime: ecsRuntime({
      cluster: cluster.cluster!.clusterArn!,
      subnets: [subnets.Subnets![0]!.SubnetId!],
      securityGroups: [groups.SecurityGroups![0]!.GroupId!],
      endpointPattern: options.endpointPattern,
    }),
    subscriptions: eventBridgeSubscriptions({ busName: names.bus, kmsKeyId: names.keyId }),
    subscribers: subscriberStore(names.table),
    externalTargets: externalTargets({ busName: names.bus }),
    credentials,
    events: {
      async emit(event) {
        emitted.push(event);
      },
    },
    authenticate: userTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keys }),
    ...observability('vivified-test'),
    settings: { apiUrl: 'http://127.0.0.1:8787', unhealthyAfter: 2, corsOrigins: ['http://127.0.0.1:5173'] },
    now: () => new Date(),
    ...overrides,
  };
  return { plane, issuer, names, emitted, credentials, tenantKeys };
}
