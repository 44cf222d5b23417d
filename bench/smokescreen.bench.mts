import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { Agent, ProxyAgent, request } from 'undici';
import { throwawayCertificates } from '../cli/dev/certificates';
import { freePort } from '../test/support/ports';
import { callerCredential } from './caller-credential.mjs';
import { connectToEmulators } from './emulators';
import { activeInstallation, inProcessPlane } from './in-process-plane';
import { compareAll, type LatencyRun, percentile, writeOut } from './latency';
import { installSmokescreen, SMOKESCREEN_MODULE, startSmokescreen } from './smokescreen';

// The proxy lane side by side with Stripe's Smokescreen, against a direct call to the same
// loopback TLS upstream with the same client (undici) and the same request: what each path adds
// over the direct call, at concurrency 1 and 16. Smokescreen is measured twice: on a tunnel kept
// alive (it checks the destination once per tunnel, then relays bytes) and with a new CONNECT per
// request (what a client that does not pool tunnels pays, and closer to what the lane does: it
// checks, audits and injects on every request).
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

// The client: undici, the host name resolved to the upstream's loopback address.
const lookup = (
  _host: string,
  options: { all?: boolean },
  callback: (error: null, address: string | LookupAddress[], family?: number) => void,
) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
const send = async (dispatcher: Agent | ProxyAgent, target = url) => {
  const response = await request(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
    dispatcher,
  });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`upstream answered ${response.statusCode}`);
};
const direct = new Agent({ keepAliveTimeout: 30_000, connect: { ca: [tls.ca], lookup } as never });
const paths = [
  { name: 'direct (undici, kept-alive TLS connection)', call: () => send(direct) },
  { name: 'proxy lane handler, in process', call: viaLane },
];

const installed = installSmokescreen();
let stopSmokescreen: () => void = () => undefined;
let skipped: string | undefined;
if ('binary' in installed) {
  const smokescreen = await startSmokescreen(installed.binary, {
    port: await freePort(),
    allowRange: '127.0.0.1/32',
  });
  stopSmokescreen = smokescreen.stop;
  // The tunnel names the upstream by address, since Smokescreen resolves names itself and this one
  // has no DNS record; TLS inside the tunnel still verifies the certificate for the host name.
  const viaProxy = {
    uri: `http://127.0.0.1:${smokescreen.port}`,
    requestTls: { ca: [tls.ca], servername: HOST },
  };
  const tunnelTarget = `https://127.0.0.1:${port}/v1/send`;
  const kept = new ProxyAgent({ ...viaProxy, keepAliveTimeout: 30_000 });
  paths.push(
    { name: 'Smokescreen, kept-alive CONNECT tunnel', call: () => send(kept, tunnelTarget) },
    {
      name: 'Smokescreen, new CONNECT per request',
      call: async () => {
        const fresh = new ProxyAgent(viaProxy);
        try {
          await send(fresh, tunnelTarget);
        } finally {
          void fresh.close();
        }
      },
    },
  );
} else {
  skipped = installed.skipped;
  process.stderr.write(`Smokescreen rows skipped: ${skipped}\n`);
}

const runs: LatencyRun[][] = [];
for (const concurrency of [1, 16]) {
  const calls = Number(process.env.BENCH_CALLS ?? 1_000);
  const rounds = 4;
  runs.push(
    await compareAll(paths, { concurrency, callsPerRound: Math.ceil(calls / rounds), rounds, warmup: 100 }),
  );
}
stopSmokescreen();
await new Promise((resolve) => upstream.close(resolve));

const ms = (value: number) => value.toFixed(3);
const rows = runs.flatMap(([base, ...others]) => {
  const b = { p50: percentile(base!.samples, 50), p95: percentile(base!.samples, 95) };
  return [
    `| ${base!.name} | ${base!.concurrency} | ${base!.samples.length} | ${ms(b.p50)} | ${ms(b.p95)} | | |`,
    ...others.map((run) => {
      const p50 = percentile(run.samples, 50);
      const p95 = percentile(run.samples, 95);
      return `| ${run.name} | ${run.concurrency} | ${run.samples.length} | ${ms(p50)} | ${ms(p95)} | ${ms(p50 - b.p50)} | ${ms(p95 - b.p95)} |`;
    }),
    ...(skipped ? [`| Smokescreen (both rows) | ${base!.concurrency} | skipped: ${skipped} | | | | |`] : []),
  ];
});
writeOut([
  '### Proxy lane and Smokescreen side by side (latency per egress request)',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · ${SMOKESCREEN_MODULE}`,
  '',
  'Same loopback HTTPS upstream, same client (undici `request`), same POST; every path in turn each round. Added = the path minus the direct call at the same percentile, in ms. The lane: handler invoked in process with an API Gateway event, registry and audit in memory, caller credential verified with a LocalStack KMS key, no secret references. Smokescreen: `--allow-range 127.0.0.1/32`, no egress ACL.',
  '',
  '| path | concurrency | calls | p50 (ms) | p95 (ms) | added p50 (ms) | added p95 (ms) |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
]);
process.exit(0);
