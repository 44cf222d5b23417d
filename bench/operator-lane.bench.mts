import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bench } from 'tinybench';
import { Agent, request } from 'undici';
import { callerCredential } from './caller-credential.mjs';
import { connectToEmulators } from './emulators';
import { activeInstallation, inProcessPlane } from './in-process-plane';
import { compare, latencyReport, writeOut } from './latency';

// One call through the operator lane handler (authenticate the caller's credential, look up the
// target, decide, chain an audit record, rate-limit, sign, forward over keep-alive HTTP) to a
// loopback plugin, against the same request sent straight to that plugin with undici.
await connectToEmulators();
const { OperatorSigner } = await import('../adapters/identity/operator-signing');
const { operatorLane } = await import('../functions/lanes/operator/api');
const { endpointCache } = await import('../functions/lanes/operator/endpoints');
const { apiEvent, lambdaContext, route } = await import('../test/support/api');
const { ehrSyncManifest, storageManifest } = await import('../test/support/manifests');

const drain = (incoming: IncomingMessage) =>
  new Promise<void>((resolve) => {
    incoming.on('data', () => undefined);
    incoming.on('end', resolve);
  });
const answer = JSON.stringify({ document: 'doc-1', pages: 3 });
const plugin = createServer(async (incoming, response) => {
  await drain(incoming);
  response.setHeader('content-type', 'application/json');
  response.end(answer);
});
plugin.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => plugin.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(plugin.address() as AddressInfo).port}`;

const tenantId = 'bench-tenant';
const caller = activeInstallation(tenantId, ehrSyncManifest());
const target = activeInstallation(tenantId, storageManifest());
const plane = await inProcessPlane({
  installations: [caller, target],
  manifests: [ehrSyncManifest(), storageManifest()],
  endpointOf: (installationId) => `${base}/i/${installationId}`,
});
// The caller's credential is a real one: an RS256 JWT signed by a (LocalStack) KMS key, verified
// in process against the key's public half, fetched once as in a warm Lambda.
const { credentials, token } = await callerCredential(caller);
const lane = operatorLane(plane, {
  identity: credentials,
  signer: await OperatorSigner.generate(),
  endpoints: endpointCache(plane.runtime),
});
const operatorRoute = route('POST', '/v1/operator/{targetPluginId}/{operation}');
const body = { id: 'doc-1' };

const viaLane = async () => {
  const result = await lane(
    apiEvent(operatorRoute, { token, params: { targetPluginId: 'storage', operation: 'getDocument' }, body }),
    lambdaContext(),
  );
  if (result.statusCode !== 200) throw new Error(`lane answered ${result.statusCode}: ${result.body}`);
};
const direct = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
const straight = async () => {
  const response = await request(`${base}/i/${target.installationId}/documents/get`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    dispatcher: direct,
  });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`plugin answered ${response.statusCode}`);
};

const pairs = [];
for (const concurrency of [1, 16]) {
  pairs.push(
    await compare(
      { name: 'direct loopback call (undici, keep-alive)', call: straight },
      { name: 'through the operator lane handler', call: viaLane },
      { concurrency, callsPerRound: concurrency === 1 ? 250 : 800, rounds: 4, warmup: 200 },
    ),
  );
}

latencyReport('Operator lane (latency per call)', pairs, {
  setup:
    'Handler invoked in process with an API Gateway event; registry and audit in memory (the audit record is hash-chained, not written); credential verified with a LocalStack KMS key; plugin on loopback HTTP.',
  target: 'p50 ratio ≤ 1.25 and p99 added ≤ 2 ms, at concurrency 1 and 16 (issue 9)',
});

// Where the lane's time goes: its CPU-bound steps alone, per call.
const { decide } = await import('../core/policy');
const signer = await OperatorSigner.generate();
const principal = {
  kind: 'plugin' as const,
  tenantId,
  installationId: caller.installationId,
  pluginId: caller.pluginId,
  manifest: ehrSyncManifest(),
};
const steps = new Bench({ time: 400 });
steps
  .add('verify the caller credential (RS256, jose)', () => credentials.verify(token))
  .add('decide', () => {
    decide(principal, 'operator.call', {
      target: { ...target, manifest: storageManifest() },
      operation: 'getDocument',
    });
  })
  .add('chain an audit record (hash, masking)', () =>
    plane.audit.append({
      tenantId,
      actor: { kind: 'plugin', id: caller.installationId },
      action: 'operator.call',
      target: { kind: 'operation', id: 'storage.getDocument' },
      decision: 'allow',
      reasons: ['declared'],
      traceId: 't',
      details: { rule: 'operator.call', auditLevel: 'standard' },
    }),
  )
  .add('sign the caller headers (ES256, jose)', () =>
    signer.sign({
      tenantId,
      callerPluginId: caller.pluginId,
      callerInstallationId: caller.installationId,
      targetInstallationId: target.installationId,
      operation: 'getDocument',
      traceId: 't',
      body: JSON.stringify(body),
    }),
  )
  .add(
    'whole handler up to a refusal (target not installed): authenticate, decide, audit; no sign, no forward',
    async () => {
      await lane(
        apiEvent(operatorRoute, {
          token,
          params: { targetPluginId: 'nowhere', operation: 'getDocument' },
          body,
        }),
        lambdaContext(),
      );
    },
  );
await steps.run();
writeOut([
  '',
  '| step of the lane (in isolation) | µs per call |',
  '|---|---:|',
  ...steps.tasks.map((task) => {
    const mean = (task.result as unknown as { latency?: { mean: number } }).latency?.mean ?? 0;
    return `| ${task.name} | ${(mean * 1000).toFixed(0)} |`;
  }),
  '',
]);

await new Promise((resolve) => plugin.close(resolve));
await direct.close();

// Keep-alive sockets of the lane's module-level agent would otherwise hold the process open.
process.exit(0);
