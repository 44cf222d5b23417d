import { describe, expect, it } from 'vitest';
import { memoryRuntime } from '../../../adapters/memory/runtime';
import { settleIdle } from '../../../application/health/idle';
import type { Installation } from '../../../core/installation/types';
import type { QueueBacklog } from '../../../core/ports';
import { notifierManifest } from '../../support/manifests';

const now = new Date('2026-12-04T05:00:00.000Z');
const longAgo = '2026-12-04T04:00:00.000Z';
const manifest = notifierManifest();

const installationWith = (health: Partial<Installation['health']>, state: Installation['state'] = 'Active') =>
  ({
    tenantId: 't',
    pluginId: manifest.id,
    installationId: 'inst-1',
    pluginVersion: manifest.version,
    state,
    resources: { queueUrl: 'queue-1' },
    health: { consecutiveFailures: 0, history: [], ...health },
  }) as unknown as Installation;

async function setUp(backlog: QueueBacklog['backlog'], desired: 0 | 1 = 1) {
  const runtime = memoryRuntime();
  await runtime.start({
    tenantId: 't',
    pluginId: manifest.id,
    installationId: 'inst-1',
    pluginVersion: manifest.version,
    runtime: manifest.runtime,
    environment: {},
    credential: 'c',
  });
  if (desired === 0) await runtime.stop('inst-1');
  return { runtime, deps: { runtime, queues: { backlog }, idleAfterSeconds: 60 } };
}
const empty = async () => ({ waiting: 0, inFlight: 0 });

describe('scale-to-zero in the health round', () => {
  it('starts the idle clock on the first round, and sleeps an Active installation idle past the period', async () => {
    const { runtime, deps } = await setUp(empty);

    const first = await settleIdle(deps, installationWith({}), manifest, await runtime.status('inst-1'), now);
    expect(first).toEqual({ lastActiveAt: now.toISOString() });

    const idle = installationWith({ lastActiveAt: longAgo });
    const slept = await settleIdle(deps, idle, manifest, await runtime.status('inst-1'), now);
    expect(slept).toMatchObject({ asleepSince: now.toISOString(), change: 'slept' });
    expect((await runtime.status('inst-1')).desired).toBe(0);
  });

  it('keeps awake one with events waiting or in flight, and one whose backlog cannot be read', async () => {
    for (const backlog of [
      async () => ({ waiting: 0, inFlight: 2 }),
      async () => Promise.reject(new Error('SQS is down')),
    ]) {
      const { runtime, deps } = await setUp(backlog);
      const outcome = await settleIdle(
        deps,
        installationWith({ lastActiveAt: longAgo }),
        manifest,
        await runtime.status('inst-1'),
        now,
      );
      expect(outcome).toEqual({ lastActiveAt: now.toISOString() });
      expect((await runtime.status('inst-1')).desired).toBe(1);
    }
  });

  it('never sleeps an Unhealthy installation (it needs a person, not a nap)', async () => {
    const { runtime, deps } = await setUp(empty);
    const outcome = await settleIdle(
      deps,
      installationWith({ lastActiveAt: longAgo }, 'Unhealthy'),
      manifest,
      await runtime.status('inst-1'),
      now,
    );
    expect(outcome.change).toBeUndefined();
  });

  it('wakes a sleeping one whose plugin became always on, and leaves an idle sleeper asleep', async () => {
    const { runtime, deps } = await setUp(empty, 0);
    const asleep = installationWith({ lastActiveAt: longAgo, asleepSince: longAgo });

    const still = await settleIdle(deps, asleep, manifest, await runtime.status('inst-1'), now);
    expect(still).toEqual({ lastActiveAt: longAgo, asleepSince: longAgo });

    const alwaysOn = { runtime: { ...manifest.runtime, always_on: true } };
    const woken = await settleIdle(deps, asleep, alwaysOn, await runtime.status('inst-1'), now);
    expect(woken).toMatchObject({ change: 'woken', reason: 'its plugin is now always on' });
    expect((await runtime.status('inst-1')).desired).toBe(1);
  });

  it('notices a sleeper the operator lane woke, and starts its idle clock afresh', async () => {
    const { runtime, deps } = await setUp(empty, 1);
    const asleep = installationWith({ lastActiveAt: longAgo, asleepSince: longAgo });

    const outcome = await settleIdle(deps, asleep, manifest, await runtime.status('inst-1'), now);

    expect(outcome).toEqual({
      lastActiveAt: now.toISOString(),
      change: 'woken',
      reason: 'woken by an operator call',
    });
  });
});
