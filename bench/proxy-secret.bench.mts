import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { throwawayCertificates } from '../cli/dev/certificates';
import { callerCredential } from './caller-credential.mjs';
import { connectToEmulators } from './emulators';
import { activeInstallation, inProcessPlane } from './in-process-plane';
import { compare, latencyReport, timeCalls } from './latency';

// The proxy lane injecting one sealed secret against the same lane sending the same request with
// none, in one run: what a secret costs a request once the lane reuses what it opened
// (application/lanes/opened-secrets.ts). The secret is sealed and opened with the deployed
// envelope (the Encryption SDK, LocalStack's KMS); beside it, one open alone, which is what every
// request paid before.
await connectToEmulators();
const { proxyLane } = await import('../functions/lanes/proxy/api');
const { kmsEnvelope } = await import('../adapters/aws/envelope');
const { kms } = await import('../adapters/aws/clients');
const { apiEvent, lambdaContext, route } = await import('../test/support/api');
const { notifierManifest } = await import('../test/support/manifests');

const HOST = 'api.mailer.example';
const tls = throwawayCertificates([HOST]);
const upstream = createServer({ key: tls.key, cert: tls.cert }, (incoming, response) => {
  incoming.resume();
  incoming.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"accepted":true}');
  });
});
upstream.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const port = (upstream.address() as AddressInfo).port;
const url = `https://${HOST}:${port}/v1/send`;

const keyId = (await kms.send(new CreateKeyCommand({ Description: `bench proxy secret ${Date.now()}` })))
  .KeyMetadata!.Arn!;
const envelope = kmsEnvelope({ keyId });
const tenantId = 'bench-tenant';
const active = activeInstallation(tenantId, notifierManifest());
const context = { tenantId, installationId: active.installationId, purpose: 'config' } as const;
const sealed = await envelope.seal('tok-bench-1234567890', context);
const caller = { ...active, sealedSecrets: { apiToken: sealed } };
const plane = await inProcessPlane({
  installations: [caller],
  manifests: [notifierManifest()],
  endpointOf: () => 'http://127.0.0.1:1',
});
const { credentials, token } = await callerCredential(caller);
const lane = proxyLane(
  { ...plane, envelope },
  {
    identity: credentials,
    resolve: async () => ['127.0.0.1'],
    egress: { allowedPorts: [port], allowRanges: ['127.0.0.1/32'] },
    limits: { ca: [tls.ca] },
  },
);
const proxyRoute = route('POST', '/v1/proxy');
const send = (authorization: string) => async () => {
  const result = await lane(
    apiEvent(proxyRoute, { token, body: { method: 'GET', url, headers: { authorization } } }),
    lambdaContext(),
  );
  if (result.statusCode !== 200) throw new Error(`lane answered ${result.statusCode}: ${result.body}`);
};

const pairs = [];
for (const concurrency of [1, 16]) {
  const options = { concurrency, callsPerRound: concurrency === 1 ? 150 : 400, rounds: 3, warmup: 100 };
  pairs.push(
    await compare(
      { name: 'the lane, no secret (a literal token)', call: send('Bearer tok-literal-1234567890') },
      { name: 'the lane, one sealed secret injected', call: send('Bearer {{secret:apiToken}}') },
      options,
    ),
  );
}
await timeCalls(() => envelope.open(sealed, context), { calls: 50, concurrency: 1 });
const opens = await timeCalls(() => envelope.open(sealed, context), { calls: 500, concurrency: 1 });
await new Promise((resolve) => upstream.close(resolve));
const sorted = [...opens].sort((a, b) => a - b);
latencyReport('Proxy lane with one sealed secret (latency per egress request)', pairs, {
  setup: `In process, as the proxy lane bench, with the deployed envelope (Encryption SDK, caching materials manager, LocalStack KMS). One envelope open alone, which each request paid before opened secrets were reused: p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} ms.`,
  target: 'the lane with one secret within 1.2× the lane without (issue 20)',
});
process.exit(0);
