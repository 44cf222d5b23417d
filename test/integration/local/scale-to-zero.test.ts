import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqs } from '../../../adapters/aws/clients';
import { queueBacklog } from '../../../adapters/aws/subscriptions';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { processRuntime } from '../../../adapters/local/process-runtime';
import { checkHealth, httpProbe } from '../../../functions/health/check';
import { operatorLane } from '../../../functions/lanes/operator/api';
import { endpointCache } from '../../../functions/lanes/operator/endpoints';
import { wakingEndpoints } from '../../../functions/lanes/operator/waking-endpoints';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { EMULATOR_ENVIRONMENT, idlePluginLaunch } from '../../support/idle-plugin';
import { ehrSyncManifest, storageManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

const tenantId = 'clinic-z';
const logs = mkdtempSync(join(tmpdir(), 'vivified-idle-'));
const received = join(logs, 'received.txt');
const runtime = processRuntime({
  logDirectory: logs,
  stopGraceMs: 1_000,
  inheritEnvironment: EMULATOR_ENVIRONMENT,
});
// ehr-sync is latency-critical here: its manifest keeps it always on.
const alwaysOn = { ...ehrSyncManifest(), runtime: { ...ehrSyncManifest().runtime, always_on: true } };
const probe = httpProbe(500);

describe('scale-to-zero in the process runtime', () => {
  let platform: TestPlatform;
  let seeded: SeededTenant;
  let lane: ReturnType<typeof operatorLane>;

  // The health round with a one-second idle period (the manifest's minimum is 60 s; tests cannot wait).
  const round = () =>
    checkHealth(
      { ...platform.plane, runtime, idle: { runtime, queues: queueBacklog(), idleAfterSeconds: 1 } },
      probe,
    );
  const storage = async () => (await platform.plane.installations.get(tenantId, 'storage'))!;
  const desired = async (pluginId: string) =>
    (await runtime.status(seeded.installations[pluginId]!.installationId)).desired;
  const idle = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  const answers = async (pluginId: string) => {
    const { endpoint } = await runtime.status(seeded.installations[pluginId]!.installationId);
    for (let i = 0; i < 100 && !(await probe(`${endpoint}/health`)); i++) await idle();
  };
  const operate = (timeoutMs?: number) =>
    call(lane, 'POST', '/v1/operator/{targetPluginId}/{operation}', {
      token: seeded.credentials['ehr-sync'],
      params: { targetPluginId: 'storage', operation: 'getDocument' },
      body: { id: 'doc-1' },
      ...(timeoutMs ? { headers: { 'x-vivified-timeout-ms': String(timeoutMs) } } : {}),
    });
  const sleepStorage = async () => {
    await round();
    await idle();
    await round();
    expect(await desired('storage')).toBe(0);
  };

  beforeAll(async () => {
    platform = await testPlatform();
    seeded = await seedTenant(platform, tenantId, [storageManifest(), alwaysOn]);
    for (const [pluginId, manifest] of [
      ['storage', storageManifest()],
      ['ehr-sync', alwaysOn],
    ] as const) {
      await runtime.start(idlePluginLaunch(seeded.installations[pluginId]!, manifest, received));
      await answers(pluginId);
    }
    lane = operatorLane(platform.lanePlane, {
      identity: platform.credentials,
      signer: await OperatorSigner.generate(),
      endpoints: wakingEndpoints(runtime, endpointCache(runtime), { probe, retryAfterSeconds: 2 }),
      timeoutMs: 10_000,
    });
  });

  afterAll(() => runtime.stopAll());

  it('puts an idle plugin to sleep after the idle period, still Active and shown asleep; never an always-on one', async () => {
    await round();
    expect(await desired('storage')).toBe(1);

    await idle();
    await round();

    expect(await desired('storage')).toBe(0);
    expect(await desired('ehr-sync')).toBe(1);
    const asleep = await storage();
    expect(asleep.state).toBe('Active');
    expect(asleep.health.asleepSince).toBeDefined();
    expect(asleep.health.history[0]).toMatchObject({
      healthy: true,
      detail: 'asleep: scaled to zero for being idle',
    });
    expect(asleep.health.consecutiveFailures).toBe(0);
    const slept = await platform.plane.audit.query(tenantId, { action: 'installation.slept' }, 10);
    expect(slept.items.map((r) => r.target.id)).toEqual([`${tenantId}/storage`]);
  });

  it('keeps the events published while it sleeps in its queue, wakes on them, and delivers every one', async () => {
    expect(await desired('storage')).toBe(0);
    const { asleepSince } = (await storage()).health as { asleepSince: string };
    const queueUrl = seeded.installations.storage!.resources.queueUrl!;
    for (const n of [1, 2, 3]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `event-${n}` }));
    }
    await idle();
    expect(existsSync(received) ? readFileSync(received, 'utf8') : '').toBe('');

    await round();
    expect(await desired('storage')).toBe(1);
    for (
      let i = 0;
      i < 50 && (existsSync(received) ? readFileSync(received, 'utf8') : '').split('\n').length < 4;
      i++
    ) {
      await idle();
    }

    expect(readFileSync(received, 'utf8').trim().split('\n').sort()).toEqual([
      'event-1',
      'event-2',
      'event-3',
    ]);
    const woke = await platform.plane.audit.query(tenantId, { action: 'installation.woken' }, 10);
    expect(woke.items.map((r) => r.reasons)).toEqual([['3 event(s) at its queue']]);
    // Woken by the round: its idle clock starts afresh, so the next round does not sleep it at once.
    const woken = (await storage()).health;
    expect(woken.asleepSince).toBeUndefined();
    expect(Date.parse(woken.lastActiveAt!)).toBeGreaterThan(Date.parse(asleepSince));
  });

  it('answers an operator call to a sleeping plugin whose deadline is too short with 503 and Retry-After', async () => {
    await sleepStorage();

    const refused = await operate(1);

    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.headers['Retry-After']).toBe('2');
    expect(refused.body.code).toBe('dependency_unavailable');
  });

  it('wakes a sleeping plugin for an operator call and answers within its deadline', async () => {
    await answers('storage');
    // The refused call's wake-up is noticed by the round, which then lets it sleep again.
    await round();
    expect((await storage()).health.asleepSince).toBeUndefined();
    await sleepStorage();

    const started = Date.now();
    const answered = await operate(10_000);

    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ ok: true, path: '/documents/get' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await desired('storage')).toBe(1);
  });
});
