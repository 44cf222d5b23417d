import { performance } from 'node:perf_hooks';
import { connectToEmulators } from './emulators';
import { compare, latencyReport, percentile, writeOut } from './latency';

// What a tenant-scoped session costs a lane (adapters/aws/tenant-sessions.ts): the registry read
// every plugin request makes (an installation by key) under the function's own role, against the
// same read through a warm session of the tenant data role, in one run on the emulators; and what
// a tenant's first request in a container costs (one AssumeRole). STS calls are counted.
await connectToEmulators();
const { CreateTableCommand, waitUntilTableExists } = await import('@aws-sdk/client-dynamodb');
const { STSClient } = await import('@aws-sdk/client-sts');
const { dynamoDb } = await import('../adapters/aws/clients');
const { catalogStore } = await import('../adapters/aws/registry/catalog');
const { installationStore } = await import('../adapters/aws/registry/installations');
const { registryTableDefinition } = await import('../adapters/aws/registry/table-definition');
const { tenantScopedDocuments } = await import('../adapters/aws/tenant-sessions');
const { notifierManifest } = await import('../test/support/manifests');
const { activeInstallation } = await import('./in-process-plane');

const table = `bench-sessions-${Date.now()}`;
await dynamoDb.send(new CreateTableCommand(registryTableDefinition(table)));
await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: table });
const manifest = notifierManifest('1.0.0');
await catalogStore(table).register(manifest, 'bench', new Date().toISOString());
const TENANTS = 50;
const tenants = Array.from({ length: TENANTS }, (_, i) => `bench-tenant-${i}`);
for (const tenant of tenants) await installationStore(table).create(activeInstallation(tenant, manifest));

const sts = new STSClient({});
let assumed = 0;
const counting = {
  send: ((command: Parameters<typeof sts.send>[0]) => {
    assumed++;
    return sts.send(command);
  }) as typeof sts.send,
};
const roleArn = 'arn:aws:iam::000000000000:role/bench-tenant-data';
const ownRole = installationStore(table);
const sessions = installationStore(table, tenantScopedDocuments({ roleArn, sts: counting }));

// A tenant's first request in a container: the session is assumed, then the read.
const firsts: number[] = [];
for (const tenant of tenants) {
  const start = performance.now();
  await sessions.get(tenant, manifest.id);
  firsts.push(performance.now() - start);
}
const assumedCold = assumed;

let next = 0;
const tenant = () => tenants[next++ % TENANTS]!;
const pairs = [];
for (const concurrency of [1, 8]) {
  pairs.push(
    await compare(
      { name: 'own role', call: () => ownRole.get(tenant(), manifest.id) },
      { name: 'tenant session (warm)', call: () => sessions.get(tenant(), manifest.id) },
      { concurrency, callsPerRound: 100, rounds: 5, warmup: 50 },
    ),
  );
}
latencyReport('Tenant-scoped sessions: an installation read per plugin request', pairs, {
  setup: `GetItem of an installation on moto's DynamoDB, ${TENANTS} tenants in turn; the session's credentials come from LocalStack's STS.`,
  target:
    'a warm session adds no round trip (p50 ratio ≈ 1); only a tenant’s first request in a container assumes the role.',
});
writeOut([
  `First request of a tenant in a container (AssumeRole + read): p50 ${percentile(firsts, 50).toFixed(2)} ms, p99 ${percentile(firsts, 99).toFixed(2)} ms over ${TENANTS} tenants; STS calls: ${assumedCold} for ${TENANTS} tenants, ${assumed - assumedCold} more over ${pairs.reduce((n, [, s]) => n + s.samples.length, 0)} warm reads.`,
  '',
]);
if (assumed !== TENANTS) {
  process.stderr.write(`expected one AssumeRole per tenant, saw ${assumed}\n`);
  process.exit(1);
}
