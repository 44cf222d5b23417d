import { beforeAll, describe, expect, inject, it } from 'vitest';
import { rolloutStore } from '../../../adapters/aws/registry/rollouts';
import type { RolloutDeps } from '../../../application/rollouts/deps';
import { controlRollout, rolloutStatus, startRolloutOf } from '../../../application/rollouts/manage';
import { runStep } from '../../../application/rollouts/run-step';
import { rolloutRunner } from '../../../application/rollouts/runner';
import { tick } from '../../../application/rollouts/tick';
import type { RolloutDriver } from '../../../core/ports';
import { MAX_UPGRADE_ATTEMPTS, type Rollout, type RunnerNext, STEP_SECONDS } from '../../../core/rollout';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { catalogApi } from '../../../functions/catalog/api';
import { rolloutsApi } from '../../../functions/rollouts/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { asFunction } from '../../support/iam/caller';
import { describeFinding, evaluateCalls } from '../../support/iam/evaluate';
import { readDeployedModel } from '../../support/iam/model-file';
import { recordedCalls } from '../../support/iam/recorder';
import { standIns } from '../../support/iam/stand-ins';
import { withoutGrant } from '../../support/iam/without-grant';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { seedTenant } from '../../support/seed';

const ops = { kind: 'platform_admin', subject: 'ops' } as const;
const WAVES = [1, 1, 1].map((size) => ({ size, soakSeconds: 60 }));
const GATES = { maxUnhealthy: 0, maxDeadLetters: 10, errorRateMargin: 0.2 };
const body = (raw: unknown) => ({ raw, parse: (given: unknown) => given as never });

/** A platform with tenants on notifier@1.0.0 (and one on 0.9.0, which received no events), a clock the test moves. */
async function rolloutPlatform(prefix: string) {
  const platform = await testPlatform();
  const older = notifierManifest('0.9.0', { events: { subscribes: [] } });
  const api = installationRoutes(platform.plane);
  for (const tenant of ['a', 'b', 'c', 'old']) {
    const tenantId = `${prefix}-${tenant}`;
    await seedTenant(platform, tenantId, [tenant === 'old' ? older : notifierManifest()]);
    // The upgrade path checks the config against the new version, which needs a sender.
    const configurer = await platform.issuer.issue({ subject: 'cam', tenantId, roles: ['config_manager'] });
    const configured = await call(api, 'PUT', '/v1/tenants/{tenantId}/installations/{pluginId}/config', {
      token: configurer,
      params: { tenantId, pluginId: 'notifier' },
      body: { values: { sender: `hi@${tenantId}.example` } },
    });
    expect(configured.status).toBe(200);
  }
  const token = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
  const registered = await call(catalogApi(platform.plane), 'POST', '/v1/plugins', {
    token,
    body: notifierManifest('1.1.0'),
  });
  expect(registered.status).toBe(201);
  const clock = { now: new Date() };
  // A new store and runner over the same table each time: a restarted control plane.
  const deps = (): RolloutDeps & TestPlatform['plane'] => ({
    ...platform.plane,
    rollouts: rolloutStore(platform.names.table),
    now: () => clock.now,
  });
  return { platform, clock, deps };
}

const later = (clock: { now: Date }, seconds: number) => {
  clock.now = new Date(clock.now.getTime() + seconds * 1000);
};

describe('staged rollouts', () => {
  let world: Awaited<ReturnType<typeof rolloutPlatform>>;
  beforeAll(async () => {
    world = await rolloutPlatform('ro');
  }, 120_000);

  it('rolls out over three waves, resumes after a restart, and leaves an unconsented tenant waiting', async () => {
    const tenants = ['ro-a', 'ro-b', 'ro-c', 'ro-old'];
    const started = await startRolloutOf(world.deps(), {
      principal: ops,
      pluginId: 'notifier',
      traceId: 't-start',
      body: body({
        version: '1.1.0',
        targets: { kind: 'tenants', tenantIds: tenants },
        waves: WAVES,
        gates: GATES,
      }),
    });
    expect(started.members).toHaveLength(4);
    // One at a time per plugin.
    await expect(
      startRolloutOf(world.deps(), {
        principal: ops,
        pluginId: 'notifier',
        traceId: 't-again',
        body: body({
          version: '1.1.0',
          targets: { kind: 'tenants', tenantIds: tenants },
          waves: WAVES,
          gates: GATES,
        }),
      }),
    ).rejects.toMatchObject({ status: 409 });

    let runner = rolloutRunner(world.deps(), 60_000);
    await runner.round();
    await runner.round();
    let status = await rolloutStatus(world.deps(), { principal: ops, pluginId: 'notifier', traceId: 't' });
    expect(status).toMatchObject({ phase: 'soaking', wave: 0 });
    runner.stop();

    // A restarted control plane: a new store and runner over the same table carry on from there.
    runner = rolloutRunner(world.deps(), 60_000);
    for (let i = 0; i < 8 && status.phase !== 'completed'; i += 1) {
      later(world.clock, 61);
      await runner.round();
      await runner.round();
      status = await rolloutStatus(world.deps(), { principal: ops, pluginId: 'notifier', traceId: 't' });
    }
    runner.stop();
    expect(status.phase).toBe('completed');
    const statuses = Object.fromEntries(status.members.map((m) => [m.tenantId, m.status]));
    expect(statuses).toEqual({
      'ro-a': 'upgraded',
      'ro-b': 'upgraded',
      'ro-c': 'upgraded',
      'ro-old': 'waiting_for_consent',
    });
    for (const tenant of ['ro-a', 'ro-b', 'ro-c']) {
      expect(await world.platform.plane.installations.get(tenant, 'notifier')).toMatchObject({
        pluginVersion: '1.1.0',
        state: 'Active',
      });
    }
    // The tenant that never consented to receiving 1.1.0's events is still on its version, running.
    expect(await world.platform.plane.installations.get('ro-old', 'notifier')).toMatchObject({
      pluginVersion: '0.9.0',
      state: 'Active',
    });
    // Each upgrade is in the tenant's own trail, made by the rollout through the upgrade path.
    const trail = await world.platform.plane.audit.query('ro-a', {}, 100);
    expect(trail.items.map((r) => r.action)).toContain('installation.upgrade.completed');
  }, 180_000);
});

describe('a rollout whose new version turns unhealthy', () => {
  let world: Awaited<ReturnType<typeof rolloutPlatform>>;
  beforeAll(async () => {
    world = await rolloutPlatform('rh');
  }, 120_000);

  it('halts in wave 2 and rolls waves 1 and 2 back to their version, wave 3 untouched', async () => {
    const tenants = ['rh-a', 'rh-b', 'rh-c'];
    await startRolloutOf(world.deps(), {
      principal: ops,
      pluginId: 'notifier',
      traceId: 't-start',
      body: body({
        version: '1.1.0',
        targets: { kind: 'tenants', tenantIds: tenants },
        waves: WAVES,
        gates: GATES,
      }),
    });
    const runner = rolloutRunner(world.deps(), 60_000);
    const status = () => rolloutStatus(world.deps(), { principal: ops, pluginId: 'notifier', traceId: 't' });
    await runner.round();
    await runner.round();
    later(world.clock, 61);
    await runner.round();
    await runner.round();
    const soaking = await status();
    expect(soaking).toMatchObject({ phase: 'soaking', wave: 1 });
    // What the health round records when wave 2's installation stops answering.
    const second = soaking.members.find((m) => m.wave === 1)!.tenantId;
    const sick = (await world.platform.plane.installations.get(second, 'notifier'))!;
    await world.platform.plane.installations.save({ ...sick, state: 'Unhealthy', rev: sick.rev + 1 });
    await runner.round();
    await runner.round();
    runner.stop();

    const halted = await status();
    expect(halted.phase).toBe('rolled_back');
    expect(halted.haltReason).toMatch(/unhealthy/);
    const byWave = halted.members.map((m) => [m.wave, m.status]);
    expect(byWave.sort()).toEqual([
      [0, 'rolled_back'],
      [1, 'rolled_back'],
      [2, 'pending'],
    ]);
    for (const tenant of tenants) {
      expect((await world.platform.plane.installations.get(tenant, 'notifier'))?.pluginVersion).toBe('1.0.0');
    }
    // An operator command on a finished rollout is refused, changing nothing.
    await expect(
      controlRollout(world.deps(), { principal: ops, pluginId: 'notifier', traceId: 't', command: 'pause' }),
    ).rejects.toMatchObject({ status: 409 });
  }, 180_000);
});

describe('a rollout whose upgrade keeps failing for one tenant', () => {
  let world: Awaited<ReturnType<typeof rolloutPlatform>>;
  beforeAll(async () => {
    world = await rolloutPlatform('rf');
  }, 120_000);

  it(`fails that member after ${MAX_UPGRADE_ATTEMPTS} attempts and halts, instead of retrying forever`, async () => {
    // Prepare: 1.2.0 requires a setting no tenant has, so its upgrade fails on every step.
    const strict = notifierManifest('1.2.0');
    const token = await world.platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    const registered = await call(catalogApi(world.platform.plane), 'POST', '/v1/plugins', {
      token,
      body: { ...strict, config: { ...strict.config, required: ['sender', 'batchSize'] } },
    });
    expect(registered.status).toBe(201);
    await startRolloutOf(world.deps(), {
      principal: ops,
      pluginId: 'notifier',
      traceId: 't-start',
      body: body({
        version: '1.2.0',
        targets: { kind: 'tenants', tenantIds: ['rf-a'] },
        waves: [{ size: 1, soakSeconds: 60 }],
        gates: GATES,
      }),
    });

    // Act: more rounds than the limit.
    const runner = rolloutRunner(world.deps(), 60_000);
    for (let i = 0; i < MAX_UPGRADE_ATTEMPTS + 2; i += 1) await runner.round();
    await runner.stop();

    // Assess: halted on the member, which is left running on its version, and each try in its trail.
    const status = await rolloutStatus(world.deps(), { principal: ops, pluginId: 'notifier', traceId: 't' });
    expect(status.phase).toBe('halted');
    expect(status.haltReason).toMatch(/^upgrade failed 3 times in a row \(rf-a: .*\/batchSize/);
    expect(status.members).toEqual([
      expect.objectContaining({ tenantId: 'rf-a', status: 'failed', failures: MAX_UPGRADE_ATTEMPTS }),
    ]);
    expect(await world.platform.plane.installations.get('rf-a', 'notifier')).toMatchObject({
      pluginVersion: '1.0.0',
      state: 'Active',
    });
    const tries = await world.platform.plane.audit.query('rf-a', { action: 'rollout.upgrade_failed' }, 10);
    expect(tries.items.map((record) => record.reasons[0]?.replace(/^.*; /, ''))).toEqual([
      'attempt 1 of 3, retried on the next step',
      'attempt 2 of 3, retried on the next step',
      'attempt 3 of 3, the member is failed and the rollout halts',
    ]);
    const steps = await world.platform.plane.audit.query(PLATFORM_TENANT_ID, { action: 'rollout.step' }, 50);
    expect(steps.items.flatMap((record) => record.reasons)).toContain(`halted: ${status.haltReason}`);
  }, 180_000);
});

describe('a command that races a tick', () => {
  let world: Awaited<ReturnType<typeof rolloutPlatform>>;
  beforeAll(async () => {
    world = await rolloutPlatform('rc');
  }, 120_000);

  it('is given again on what the tick wrote, instead of failing with a 409', async () => {
    await startRolloutOf(world.deps(), {
      principal: ops,
      pluginId: 'notifier',
      traceId: 't-start',
      body: body({
        version: '1.1.0',
        targets: { kind: 'tenants', tenantIds: ['rc-a'] },
        waves: [{ size: 1, soakSeconds: 60 }],
        gates: GATES,
      }),
    });
    // Prepare: a tick that writes between the command's read and its write, once.
    const deps = world.deps();
    let raced = false;
    const racing = {
      ...deps,
      rollouts: {
        ...deps.rollouts,
        async save(next: Parameters<typeof deps.rollouts.save>[0]) {
          if (!raced) {
            raced = true;
            await tick(deps, 'notifier');
          }
          return deps.rollouts.save(next);
        },
      },
    };

    // Act
    const paused = await controlRollout(racing, {
      principal: ops,
      pluginId: 'notifier',
      traceId: 't-pause',
      command: 'pause',
    });

    // Assess: paused from where the tick left it, one revision past the tick's.
    expect(raced).toBe(true);
    expect(paused).toMatchObject({ phase: 'paused', resumeTo: 'upgrading', rev: 3 });
    expect(await world.deps().rollouts.get('notifier')).toMatchObject({ phase: 'paused', rev: 3 });
  }, 120_000);
});

describe('the deployed runner: the rollout routes start it, and its step function steps the rollout', () => {
  let world: Awaited<ReturnType<typeof rolloutPlatform>>;
  const driven: Rollout[] = [];
  const driver: RolloutDriver = { drive: async (rollout) => void driven.push(rollout) };
  const deployed = readDeployedModel(inject('iamModel'));
  beforeAll(async () => {
    world = await rolloutPlatform('rs');
  }, 120_000);

  it('starts a run at start and resume only, and steps as the pace says until the rollout completes', async () => {
    const api = rolloutsApi({ ...world.deps(), rolloutDriver: driver });
    const token = await world.platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    const started = await call(api, 'POST', '/v1/plugins/{pluginId}/rollouts', {
      token,
      params: { pluginId: 'notifier' },
      body: {
        version: '1.1.0',
        targets: { kind: 'tenants', tenantIds: ['rs-a', 'rs-b'] },
        waves: [
          { size: 1, soakSeconds: 30 },
          { size: 1, soakSeconds: 30 },
        ],
        gates: GATES,
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(driven.map((r) => [r.phase, r.rev])).toEqual([['pending', 1]]);
    const command = (name: string) =>
      call(api, 'POST', '/v1/plugins/{pluginId}/rollout/{command}', {
        token,
        params: { pluginId: 'notifier', command: name },
      });
    expect((await command('pause')).status).toBe(200);
    expect((await command('resume')).status).toBe(200);
    // The pause stopped nothing it must start again; the resume is a run of its own.
    expect(driven.map((r) => r.phase)).toEqual(['pending', 'pending']);

    // The state machine's loop, as deployed: step as the step function, wait what it answers.
    const before = recordedCalls().length;
    const answers: RunnerNext[] = [];
    let at = { pluginId: 'notifier', steps: 0 };
    for (let i = 0; i < 12; i += 1) {
      const next = await asFunction('rolloutStep', () => runStep(world.deps(), at));
      answers.push(next);
      if (next.done) break;
      later(world.clock, next.waitSeconds);
      at = next;
    }
    const last = answers.at(-1)!;
    expect(last).toMatchObject({ done: true, handOver: false, steps: answers.length });
    expect((await world.deps().rollouts.get('notifier'))?.phase).toBe('completed');
    // Upgrading steps come a minute apart; a soak of 30 s is stepped at its end.
    expect(answers.map((a) => a.waitSeconds)).toContain(STEP_SECONDS);
    expect(answers.map((a) => a.waitSeconds)).toContain(30);
    for (const tenant of ['rs-a', 'rs-b'])
      expect(await world.platform.plane.installations.get(tenant, 'notifier')).toMatchObject({
        pluginVersion: '1.1.0',
        state: 'Active',
      });

    // Deployed, every call of those steps is the step function's, under its role; without the
    // lifecycle's ECS grants it could not move an installation.
    const calls = recordedCalls()
      .slice(before)
      .filter((c) => c.fn === 'rolloutStep');
    expect(calls.map((c) => `${c.service}:${c.command}`)).toContain('ECS:UpdateService');
    expect(await evaluateCalls(calls, deployed, standIns())).toEqual([]);
    const role = deployed.functions.rolloutStep.role;
    const denied = (
      await evaluateCalls(calls, withoutGrant(deployed, role, 'ecs:UpdateService'), standIns())
    ).map(describeFinding);
    expect(denied.length).toBeGreaterThan(0);
    for (const line of denied)
      expect(line).toMatch(/^rolloutStep: ecs:UpdateService on .* — ImplicitlyDenied/);
  }, 240_000);
});
