import { beforeAll, describe, expect, it } from 'vitest';
import { auditApi } from '../../../functions/audit/api';
import { catalogApi } from '../../../functions/catalog/api';
import { rolloutsApi } from '../../../functions/rollouts/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { notifierManifest } from '../../support/manifests';
import { seedTenant } from '../../support/seed';

const START = '/v1/plugins/{pluginId}/rollouts';
const STATUS = '/v1/plugins/{pluginId}/rollout';
const COMMAND = '/v1/plugins/{pluginId}/rollout/{command}';
const params = { pluginId: 'notifier' };
const PLAN = {
  version: '1.1.0',
  targets: { kind: 'tenants', tenantIds: ['rr-a', 'rr-b'] },
  waves: [{ size: 1, soakSeconds: 60 }],
  gates: { maxUnhealthy: 0, maxDeadLetters: 10, errorRateMargin: 0.2 },
};

describe('the rollout routes', () => {
  let platform: TestPlatform;
  let api: ReturnType<typeof rolloutsApi>;
  let ops: string;
  let admin: string;

  beforeAll(async () => {
    platform = await testPlatform();
    for (const tenantId of ['rr-a', 'rr-b']) await seedTenant(platform, tenantId, [notifierManifest()]);
    api = rolloutsApi(platform.plane);
    ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    admin = await platform.issuer.issue({ subject: 'ada', tenantId: 'rr-a', roles: ['admin'] });
    expect(
      (
        await call(catalogApi(platform.plane), 'POST', '/v1/plugins', {
          token: ops,
          body: notifierManifest('1.1.0'),
        })
      ).status,
    ).toBe(201);
  }, 120_000);

  it('refuses a bad plan with every failing field and stores nothing', async () => {
    const bad = await call(api, 'POST', START, {
      token: ops,
      params,
      body: {
        ...PLAN,
        version: 'one',
        waves: [{ size: 0, soakSeconds: 60 }],
        gates: { maxUnhealthy: 0 },
        extra: 1,
      },
    });
    expect(bad.status).toBe(400);
    const pointers = (bad.body.errors as { pointer: string }[]).map((error) => error.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/version',
        '/waves/0/size',
        '/gates/maxDeadLetters',
        '/gates/errorRateMargin',
        '/extra',
      ]),
    );
    expect(await platform.plane.rollouts.get('notifier')).toBeUndefined();
  });

  it('refuses numbers the registry could not store with a 400, not a 500', async () => {
    // Found by the API fuzzer: DynamoDB refuses a number under 1E-130, so 5e-324 was a 500.
    const tiny = await call(api, 'POST', START, {
      token: ops,
      params,
      body: {
        ...PLAN,
        targets: { kind: 'percentage', percent: 5e-324 },
        waves: [{ size: 1e200, soakSeconds: 0 }],
        gates: { maxUnhealthy: 0, maxDeadLetters: 0, errorRateMargin: 5e-324 },
      },
    });
    expect(tiny.status).toBe(400);
    const pointers = (tiny.body.errors as { pointer: string }[]).map((error) => error.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/targets/percent', '/waves/0/size', '/gates/errorRateMargin']),
    );
    expect(await platform.plane.rollouts.get('notifier')).toBeUndefined();
  });

  it('verifies the caller before reading the command: no token is a 401, whatever the path', async () => {
    const anonymous = await call(api, 'POST', COMMAND, { params: { ...params, command: 'faster' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
  });

  it('refuses a tenant admin, audited in its chain, and stores nothing', async () => {
    const refused = await call(api, 'POST', START, { token: admin, params, body: PLAN });
    expect(refused.status).toBe(403);
    expect((await call(api, 'GET', STATUS, { token: admin, params })).status).toBe(403);
    expect(await platform.plane.rollouts.get('notifier')).toBeUndefined();
    const trail = await call(auditApi(platform.plane), 'GET', '/v1/tenants/{tenantId}/audit', {
      token: admin,
      params: { tenantId: 'rr-a' },
      query: { action: 'catalog.rollout', decision: 'deny' },
    });
    expect(trail.status).toBe(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        action: 'catalog.rollout',
        decision: 'deny',
        actor: { kind: 'user', id: 'ada' },
      }),
    ]);
  });

  it('starts a rollout (201), answers its status, refuses a second start (409) and takes commands', async () => {
    const started = await call(api, 'POST', START, { token: ops, params, body: PLAN });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      phase: 'pending',
      plan: { pluginId: 'notifier', version: '1.1.0' },
    });
    expect(started.body.members).toHaveLength(2);

    const status = await call(api, 'GET', STATUS, { token: ops, params });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ phase: 'pending', rev: started.body.rev });

    expect((await call(api, 'POST', START, { token: ops, params, body: PLAN })).status).toBe(409);

    const paused = await call(api, 'POST', COMMAND, { token: ops, params: { ...params, command: 'pause' } });
    expect(paused.status).toBe(200);
    expect(paused.body.phase).toBe('paused');
    const resumed = await call(api, 'POST', COMMAND, {
      token: ops,
      params: { ...params, command: 'resume' },
    });
    expect(resumed.body.phase).toBe('pending');
    const unknown = await call(api, 'POST', COMMAND, {
      token: ops,
      params: { ...params, command: 'faster' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/command' })]);
    const halted = await call(api, 'POST', COMMAND, { token: ops, params: { ...params, command: 'halt' } });
    expect(halted.status).toBe(200);
    expect(halted.body.phase).toBe('halted');
    expect((await platform.plane.rollouts.get('notifier'))?.phase).toBe('halted');
  });
});
