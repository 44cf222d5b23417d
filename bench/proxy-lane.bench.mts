import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { throwawayCertificates } from '../cli/dev/certificates';
import { callerCredential } from './caller-credential.mjs';
import { connectToEmulators } from './emulators';
import { activeInstallation, inProcessPlane } from './in-process-plane';
import { compare, latencyReport } from './latency';

// One egress request through the proxy lane handler (authenticate, allowlist and address checks,
// decide, audit, pinned TLS fetch, header stripping, completion audit) to a loopback TLS server,
// against the same request made with undici directly — once over a kept-alive connection, and once
// over a new connection per request, which is what the lane does (a fresh pinned Agent per hop).
await connectToEmulators();
const { proxyLane } = await import('../functions/lanes/proxy/api');
const { apiEvent, lambdaContext, route } = await import('../test/support/api');
const { notifierManifest } = await import('../test/support/manifests');

const HOST = 'api.mailer.example';
const tls = throwawayCertificates([HOST]);
const answer = JSON.stringify({ accepted: true, id: 'msg-1' });
const upstream = createServer({ key: tls.key, cert: tls.cert }, (incoming, response) => {
  incoming.resume();
  incoming.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(answer);
  });
});
upstream.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const port = (upstream.address() as AddressInfo).port;
const url = `https://${HOST}:${port}/v1/send`;
const payload = JSON.stringify({ to: 'ada@clinic.example', template: 'welcome' });

const tenantId = 'bench-tenant';
const caller = activeInstallation(tenantId, notifierManifest());
const plane = await inProcessPlane({
  installations: [caller],
  manifests: [notifierManifest()],
  endpointOf: () => 'http://127.0.0.1:1',
});
const { credentials, token } = await callerCredential(caller);
const lane = proxyLane(plane, {
  identity: credentials,
  // The test allow-range, as the integration tests use it: the name resolves to loopback, which
  // the guard accepts only because 127.0.0.1/32 and this port are allowed explicitly.
  resolve: async () => ['127.0.0.1'],
  egress: { allowedPorts: [port], allowRanges: ['127.0.0.1/32'] },
  limits: { ca: [tls.ca] },
});
const proxyRoute = route('POST', '/v1/proxy');
const viaLane = async () => {
  const result = await lane(
    apiEvent(proxyRoute, {
      token,
      body: { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: payload },
    }),
    lambdaContext(),
  );
  if (result.statusCode !== 200) throw new Error(`lane answered ${result.statusCode}: ${result.body}`);
};

const connect = {
  ca: [tls.ca],
  lookup: (
    _host: string,
    options: { all?: boolean },
    callback: (error: null, address: string | LookupAddress[], family?: number) => void,
  ) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)),
};
const send = async (dispatcher: Agent) => {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
    dispatcher,
  });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`upstream answered ${response.statusCode}`);
};
const kept = new Agent({ keepAliveTimeout: 30_000, connect: connect as never });
const keptAlive = () => send(kept);
const fresh = async () => {
  const agent = new Agent({ connect: connect as never });
  try {
    await send(agent);
  } finally {
    void agent.close();
  }
};

const pairs = [];
for (const concurrency of [1, 16]) {
  const options = { concurrency, callsPerRound: concurrency === 1 ? 150 : 400, rounds: 3, warmup: 100 };
  const lanePath = { name: 'through the proxy lane handler', call: viaLane };
  pairs.push(
    await compare({ name: 'direct undici, kept-alive TLS connection', call: keptAlive }, lanePath, options),
  );
  pairs.push(
    await compare({ name: 'direct undici, new TLS connection per request', call: fresh }, lanePath, options),
  );
}
await new Promise((resolve) => upstream.close(resolve));
latencyReport('Proxy lane (latency per egress request)', pairs, {
  setup:
    'Handler invoked in process with an API Gateway event; registry and audit in memory (records hash-chained, not written); credential verified with a LocalStack KMS key; upstream a loopback HTTPS server (P-256 certificate from cli/dev/certificates.ts) reached through the test allow-range 127.0.0.1/32; no secret references, so no KMS call per request.',
  target: 'p50 ratio ≤ 1.3 against a direct undici call (issue 9)',
});
process.exit(0);
