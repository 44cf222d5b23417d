import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { dynamoDb, ecs, eventBridge, kms, secrets } from '../../adapters/aws/clients';
import { rateLimitTableDefinition } from '../../adapters/aws/rate-limit-table';
import { documents } from '../../adapters/aws/registry/document-client';
import { registryTableDefinition } from '../../adapters/aws/registry/table-definition';
import { recordTenantKey } from '../../adapters/aws/tenant-keys';
import { DevIssuer } from '../../adapters/identity/dev-issuer';
import { OperatorSigner } from '../../adapters/identity/operator-signing';
import type { CanonicalEvent } from '../../core/canonical';
import type { PluginCredentials } from '../../core/ports';
import type { ControlPlane } from '../../functions/shared/control-plane';
import { awsControlPlane } from '../../functions/shared/platform/aws';
import {
  laneAudit,
  laneInstallations,
  laneRateLimiter,
  laneSubscribers,
  laneTenants,
} from '../../functions/shared/platform/aws/tenant-scoped';
import { composePlatform } from '../../functions/shared/platform/compose';
import { memoryPorts } from '../../functions/shared/platform/memory';
import { createAuditBucket } from './audit-bucket';
import { ec2 } from './ec2';
import { asFunction } from './iam/caller';
import { standIn } from './iam/stand-ins';
import { uniqueName } from './unique';

/**
 * The audit archive, its writes made as the audit archiver function: deployed no request-serving
 * function writes the bucket (the verifying ones only read checkpoint anchors), the table's stream feeds the archiver (docs/deploy.md).
 */
const archivedByTheArchiver: typeof awsControlPlane.auditArchive = (config) => {
  const archive = awsControlPlane.auditArchive(config);
  // Reading anchors is the verifying function's own call (the audit area, the scheduled verifier).
  return { ...archive, write: (records) => asFunction('auditArchiver', () => archive.write(records)) };
};

export interface TestPlatform {
  readonly plane: ControlPlane;
  /**
   * The plane as the plugin lanes are composed deployed: a tenant's registry items through a
   * session of the tenant data role tagged with that tenant (functions/shared/platform/aws/tenant-scoped.ts).
   */
  readonly lanePlane: ControlPlane;
  readonly issuer: DevIssuer;
  readonly names: {
    table: string;
    rateLimitTable: string;
    /** The tenant data role the lanes assume per tenant (an ARN LocalStack's STS accepts). */
    tenantDataRole: string;
    bucket: string;
    bus: string;
    cluster: string;
    keyId: string;
    /** The secret holding the panel session key. */
    panelKeySecret: string;
  };
  /** Issues and verifies plugin credentials with a KMS signing key of this platform's own. */
  readonly credentials: PluginCredentials;
  /** Platform events emitted during the test, in order, stamped as the bus would stamp them. */
  readonly emitted: readonly CanonicalEvent[];
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
    rateLimitTable: uniqueName('rate-limits'),
    tenantDataRole: '',
    bucket: uniqueName('audit'),
    bus: uniqueName('canonical'),
    cluster: uniqueName('plugins'),
    keyId: '',
    panelKeySecret: uniqueName('panel-key'),
  };
  const { panelKeySecret } = names;
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
    dynamoDb.send(new CreateTableCommand(rateLimitTableDefinition(names.rateLimitTable))),
    createAuditBucket(names.bucket),
    eventBridge.send(new CreateEventBusCommand({ Name: names.bus })),
    // Panel sessions are signed under a secret JWK, as deployed (functions/shared/platform/aws/panel-sessions.ts).
    secrets.send(
      new CreateSecretCommand({
        Name: panelKeySecret,
        SecretString: JSON.stringify(await OperatorSigner.generatePrivateJwk()),
      }),
    ),
  ]);
  standIn('panelKey', panelKeySecret);
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
  await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: names.rateLimitTable });
  // As deploy records them (lib/constructs/tenant-key-records.ts): the functions look keys up here.
  for (const [tenant, arn] of tenantKeys) await recordTenantKey(documents, names.table, tenant, arn);
  // The IAM harness reads calls on these as calls on the deployed stack's own resources.
  standIn('registryTable', names.table);
  standIn('rateLimitTable', names.rateLimitTable);
  standIn('auditBucket', names.bucket);
  standIn('bus', names.bus);
  standIn('platformKey', names.keyId);
  standIn('credentialKey', signingKey.KeyMetadata!.KeyId!);
  for (const [tenant, arn] of tenantKeys) standIn(`tenantKey:${tenant}`, arn.split('/').at(-1)!);
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: names.cluster }));
  standIn('cluster', names.cluster);
  const subnets = await ec2.send(new DescribeSubnetsCommand({}));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
  const issuer = await DevIssuer.create();
  // LocalStack's STS assumes any role named; moto's DynamoDB accepts its sessions' keys.
  const tenantDataRole = uniqueName('tenant-data', 64);
  standIn('tenantDataRole', tenantDataRole);
  names.tenantDataRole = `arn:aws:iam::000000000000:role/${tenantDataRole}`;
  const config = {
    serviceName: 'vivified-test',
    table: names.table,
    rateLimitTable: names.rateLimitTable,
    auditBucket: names.bucket,
    platformKey: key.KeyMetadata!.Arn!,
    credentialKey: signingKey.KeyMetadata!.KeyId!,
    busName: names.bus,
    cluster: cluster.cluster!.clusterArn!,
    pluginSubnets: [subnets.Subnets![0]!.SubnetId!],
    pluginSecurityGroups: [groups.SecurityGroups![0]!.GroupId!],
    endpointPattern: options.endpointPattern,
    jwtIssuer: issuer.issuer,
    jwtAudience: issuer.audience,
    userTokenKeys: issuer.keys,
    apiUrl: 'http://127.0.0.1:8787',
    unhealthyAfter: 2,
    corsOrigins: ['http://127.0.0.1:5173'],
    tenantDataRole: names.tenantDataRole,
    panelKeySecret,
  };
  const memory = memoryPorts();
  const platform = composePlatform(
    config,
    // Platform events are recorded in memory, for tests to read back. Deployed, the archiver
    // function writes audit records to the bucket (from the table's stream), so here too. Lane
    // metrics too: EMF lines reach no emulator, and the lanes and reads share one process here.
    {
      ...awsControlPlane,
      events: memory.events,
      laneMetrics: memory.laneMetrics,
      metricsReader: memory.metricsReader,
      auditArchive: archivedByTheArchiver,
    },
  );
  const lanes = composePlatform(config, {
    installations: laneInstallations,
    tenants: laneTenants,
    rateLimiter: laneRateLimiter,
    subscribers: laneSubscribers,
    audit: laneAudit,
    auditArchive: archivedByTheArchiver,
  });
  // One process, one feed of registry changes: a write through either plane's stores reaches the
  // lanes' caches at once, as in `vivified dev` (a test of the TTL builds a lane that hears none).
  lanes.registryChanges.onChange(platform.registryChanges.announce);
  // Only the lanes count calls; the control plane's functions are given the same counters for the type.
  const plane: ControlPlane = { ...platform, rateLimiter: lanes.rateLimiter, ...overrides };
  const lanePlane: ControlPlane = {
    ...platform,
    tenants: lanes.tenants,
    rateLimiter: lanes.rateLimiter,
    installations: lanes.installations,
    subscribers: lanes.subscribers,
    audit: lanes.audit,
    ...overrides,
  };
  return {
    plane,
    lanePlane,
    issuer,
    names,
    emitted: platform.events.emitted,
    credentials: platform.credentials,
    tenantKeys,
  };
}
