import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { callerCredential } from './caller-credential.mjs';
import { connectToEmulators } from './emulators';
import { activeInstallation, inProcessPlane, unrefusing } from './in-process-plane';
import { compare, latencyReport, percentile, timeCalls, writeOut } from './latency';

// What the shared rate limit adds to one lane call: the operator lane handler with its limits
// counted in the rate-limit table (DynamoDB: moto on loopback) against the same handler with
// counters in process memory (what a per-instance limiter costs: next to nothing). Then the
// limiter alone: round trips and DynamoDB requests per call, admitted and refused.
await connectToEmulators();
const { OperatorSigner } = await import('../adapters/identity/operator-signing');
const { operatorLane } = await import('../functions/lanes/operator/api');
const { endpointCache } = await import('../functions/lanes/operator/endpoints');
const { dynamoRateLimiter } = await import('../adapters/aws/rate-limiter');
const { rateLimitTableDefinition } = await import('../adapters/aws/rate-limit-table');
const { documentsOf } = await import('../adapters/aws/registry/document-client');
const { limitsFor } = await import('../core/lanes/rate-limits');
const { apiEvent, lambdaContext, route } = await import('../test/support/api');
const { ehrSyncManifest, storageManifest } = await import('../test/support/manifests');

// A client of its own, counting the requests it sends (after the SDK's retries, one per attempt).
let requests = 0;
const client = new DynamoDBClient({});
client.middlewareStack.add(
  (next) => async (args) => {
    requests++;
    return next(args);
  },
  { step: 'finalizeRequest', name: 'countRequests' },
);
const tableName = `bench-rate-limits-${Date.now()}`;
await client.send(new CreateTableCommand(rateLimitTableDefinition(tableName)));
await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
const shared = dynamoRateLimiter({ tableName, documents: documentsOf(client) });

const drain = (incoming: IncomingMessage) =>
  new Promise<void>((resolve) => {
    incoming.on('data', () => undefined);
    incoming.on('end', resolve);
  });
const plugin = createServer(async (incoming, response) => {
  await drain(incoming);
  response.setHeader('content-type', 'application/json');
  response.end('{"document":"doc-1"}');
});
plugin.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => plugin.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(plugin.address() as AddressInfo).port}`;

const tenantId = 'bench-tenant';
const caller = activeInstallation(tenantId, ehrSyncManifest());
const target = activeInstallation(tenantId, storageManifest());
const { credentials, token } = await callerCredential(caller);
const signer = await OperatorSigner.generate();
const laneWith = async (rateLimiter?: ReturnType<typeof unrefusing>) => {
  const plane = await inProcessPlane({
    installations: [caller, target],
    manifests: [ehrSyncManifest(), storageManifest()],
    endpointOf: (installationId) => `${base}/i/${installationId}`,
    rateLimiter,
  });
  return operatorLane(plane, { identity: credentials, signer, endpoints: endpointCache(plane.runtime) });
};
const operatorRoute = route('POST', '/v1/operator/{targetPluginId}/{operation}');
const event = () =>
  apiEvent(operatorRoute, {
    token,
    params: { targetPluginId: 'storage', operation: 'getDocument' },
    body: {},
  });
const through = (lane: Awaited<ReturnType<typeof laneWith>>) => async () => {
  const result = await lane(event(), lambdaContext());
  if (result.statusCode !== 200) throw new Error(`lane answered ${result.statusCode}: ${result.body}`);
};
const inMemory = through(await laneWith());
const inTable = through(await laneWith(unrefusing(shared)));

const pairs = [];
for (const concurrency of [1, 16]) {
  pairs.push(
    await compare(
      { name: 'operator lane, counters in process memory', call: inMemory },
      { name: 'operator lane, counters in the shared table', call: inTable },
      { concurrency, callsPerRound: concurrency === 1 ? 100 : 400, rounds: 3, warmup: 50 },
    ),
  );
}
latencyReport('Shared rate limit (operator lane, latency per call)', pairs, {
  setup:
    'The operator lane handler in process (registry and audit in memory, plugin on loopback HTTP), its two limits (installation, tenant) counted either in memory or with one conditional UpdateItem each, in parallel, against moto on 127.0.0.1:5000.',
  target:
    'one parallel round trip to DynamoDB per lane call; p50 added ≈ one UpdateItem (moto here; in-region DynamoDB is single-digit ms)',
});

// The limiter alone: DynamoDB requests and latency per call, per lane's number of limits.
const limitsOf = (lane: 'operator' | 'proxy', n: number) =>
  limitsFor({
    lane,
    tier: 'standard',
    tenantId: `bench-${n}`,
    installationId: 'i',
    manifest: {},
    ...(lane === 'proxy' ? { host: 'api.example.com' } : {}),
  });
const rows: string[] = [];
const measure = async (name: string, take: () => Promise<unknown>, calls: number) => {
  const before = requests;
  const samples = await timeCalls(take, { calls, concurrency: 1 });
  rows.push(
    `| ${name} | ${((requests - before) / calls).toFixed(2)} | ${percentile(samples, 50).toFixed(3)} | ${percentile(samples, 99).toFixed(3)} |`,
  );
};
const roomy = (lane: 'operator' | 'proxy') =>
  limitsOf(lane, Math.random()).map((l) => ({ ...l, limit: Number.MAX_SAFE_INTEGER }));
const operatorLimits = roomy('operator');
const proxyLimits = roomy('proxy');
// For scale: one plain read of a counter, moto's own round trip for a single request.
const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
const documents = documentsOf(client);
await measure(
  'for scale: one GetItem (no limiter)',
  () => documents.send(new GetCommand({ TableName: tableName, Key: { pk: 'none' } })),
  300,
);
await measure(
  'operator or canonical call, admitted (2 limits)',
  () => shared.take(operatorLimits, 1, Date.now()),
  300,
);
await measure(
  'proxy call, admitted (3 limits: installation, host, tenant)',
  () => shared.take(proxyLimits, 1, Date.now()),
  300,
);
// Refused by the installation's limit (full): the tenant's unit is given back, one more request.
const full = limitsOf('operator', 0).map((l, i) => ({ ...l, limit: i === 0 ? 1 : Number.MAX_SAFE_INTEGER }));
await shared.take(full, 1, Date.now());
await measure(
  'operator call, refused by its installation limit',
  () => shared.take(full, 1, Date.now()),
  300,
);
writeOut([
  '',
  '| the limiter alone (DynamoDB, moto) | DynamoDB requests per call | p50 (ms) | p99 (ms) |',
  '|---|---:|---:|---:|',
  ...rows,
  '',
]);

await new Promise((resolve) => plugin.close(resolve));
process.exit(0);
