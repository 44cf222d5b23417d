import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '../core/installation/types';
import { notifierManifest } from '../test/support/manifests';
import { connectToEmulators } from './emulators';
import { percentile, writeOut } from './latency';

// Wake-up latency of scale-to-zero in the process runtime (`vivified dev`): a stopped plugin
// (bench/../test/support/idle-plugin.ts: node, the SQS client, an HTTP server) woken (a) by an
// operator call, until its health endpoint answers (what the lane waits for), and (b) for a
// queued event, until the plugin has received it (what the round's wake waits for, without the
// round's interval). Against a bare `node -e ''` start on the same machine, as the floor.
await connectToEmulators();
const { CreateQueueCommand, SendMessageCommand } = await import('@aws-sdk/client-sqs');
const { sqs } = await import('../adapters/aws/clients');
const { processRuntime } = await import('../adapters/local/process-runtime');
const { httpProbe } = await import('../functions/health/check');
const { endpointCache } = await import('../functions/lanes/operator/endpoints');
const { wakingEndpoints } = await import('../functions/lanes/operator/waking-endpoints');
const { EMULATOR_ENVIRONMENT, idlePluginLaunch } = await import('../test/support/idle-plugin');

const RUNS = Number(process.env.BENCH_WAKE_RUNS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'vivified-wake-'));
const received = join(dir, 'received.txt');
const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-wake-${Date.now()}` }));
const manifest = notifierManifest();
const installation = {
  tenantId: 'bench',
  pluginId: manifest.id,
  installationId: `bench-wake-${Date.now()}`,
  pluginVersion: manifest.version,
  resources: { queueUrl: QueueUrl },
} as Installation;
const runtime = processRuntime({
  logDirectory: dir,
  stopGraceMs: 2_000,
  inheritEnvironment: EMULATOR_ENVIRONMENT,
});
const probe = httpProbe(500);
const endpoints = wakingEndpoints(runtime, endpointCache(runtime), { probe, pollMs: 10 });
const target = { installationId: installation.installationId, manifest, wakeWithinMs: 20_000 };
const lines = () =>
  existsSync(received) ? readFileSync(received, 'utf8').split('\n').filter(Boolean).length : 0;

await runtime.start(idlePluginLaunch(installation, manifest, received));
await endpoints.endpointOf(target);

const bare: number[] = [];
const byCall: number[] = [];
const byEvent: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  bare.push(performance.now() - started);

  await runtime.stop(installation.installationId);
  const calling = performance.now();
  await endpoints.endpointOf(target);
  byCall.push(performance.now() - calling);

  await runtime.stop(installation.installationId);
  const before = lines();
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `event-${i}` }));
  const waking = performance.now();
  await runtime.wake(installation.installationId);
  while (lines() === before) await new Promise((resolve) => setTimeout(resolve, 10));
  byEvent.push(performance.now() - waking);
}
await runtime.stopAll();

const row = (name: string, samples: number[]) =>
  `| ${name} | ${samples.length} | ${percentile(samples, 50).toFixed(0)} | ${percentile(samples, 95).toFixed(0)} | ${(percentile(samples, 50) / percentile(bare, 50)).toFixed(1)} |`;
writeOut([
  '### Scale-to-zero: wake-up latency (process runtime)',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
  '',
  '| path | runs | p50 (ms) | p95 (ms) | p50 ratio to a bare node start |',
  '|---|---:|---:|---:|---:|',
  row("baseline: node -e ''", bare),
  row('operator call: wake until the health endpoint answers', byCall),
  row('queued event: wake until the plugin has received it', byEvent),
  '',
  "An event's bound adds the health round's interval (30 s in `vivified dev`) before the wake.",
  '',
]);
