import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../core/audit';
import { auditApi } from '../../../functions/audit/api';
import { catalogApi } from '../../../functions/catalog/api';
import { installationsApi } from '../../../functions/installations/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { ehrSyncManifest, notifierManifest, storageManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

const TENANT = 'clinic-sim';
const SIMULATE = '/v1/tenants/{tenantId}/policy/simulate';
const EXPLAIN = '/v1/tenants/{tenantId}/audit/{seq}/explain';
const params = { tenantId: TENANT };

describe('policy simulation and explanation over the API', () => {
  let platform: TestPlatform;
  let tenant: SeededTenant;
  let admin: string;
  let viewer: string;
  let simulate: (token: string, body: unknown) => ReturnType<typeof call>;
  let trail: (query: Record<string, string>) => Promise<AuditRecord[]>;
  let explain: (token: string, seq: string) => ReturnType<typeof call>;

  beforeAll(async () => {
    platform = await testPlatform();
    tenant = await seedTenant(platform, TENANT, [notifierManifest(), storageManifest(), ehrSyncManifest()], {
      enable: false,
    });
    const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    const proposed = notifierManifest('2.0.0', {
      allowed_domains: ['api.mailer.example', 'hooks.partner.example'],
    });
    expect(
      (await call(catalogApi(platform.plane), 'POST', '/v1/plugins', { token: ops, body: proposed })).status,
    ).toBe(201);
    admin = await platform.issuer.issue({ subject: 'ada', tenantId: TENANT, roles: ['admin'] });
    viewer = await platform.issuer.issue({ subject: 'vic', tenantId: TENANT, roles: ['audit_viewer'] });
    const reads = installationsApi(platform.plane);
    const audit = auditApi(platform.plane);
    simulate = (token, body) => call(reads, 'POST', SIMULATE, { token, params, body });
    explain = (token, seq) => call(audit, 'GET', EXPLAIN, { token, params: { ...params, seq } });
    trail = async (query) =>
      (await call(audit, 'GET', '/v1/tenants/{tenantId}/audit', { token: admin, params, query })).body.items;
  });

  it('answers the matrix of an installation as decide makes it, and records a simulation, changing nothing', async () => {
    // Prepare
    const before = await platform.plane.installations.get(TENANT, 'notifier');

    // Act
    const answer = await simulate(admin, { principal: { installation: 'notifier' }, all: true });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.subject).toEqual({
      kind: 'installation',
      pluginId: 'notifier',
      version: '1.0.0',
      state: 'Registered',
    });
    const { matrix } = answer.body;
    expect(matrix.receives).toEqual([
      {
        eventType: 'UserCreated.v1',
        decision: expect.objectContaining({
          effect: 'allow',
          obligations: { redactFields: ['/dateOfBirth', '/mrn'], auditLevel: 'phi' },
        }),
      },
    ]);
    expect(matrix.egress).toEqual([
      {
        host: 'api.mailer.example',
        decision: expect.objectContaining({ effect: 'allow' }),
        secrets: ['apiToken'],
      },
    ]);
    expect(matrix.config).toContainEqual({ setting: 'apiToken', secret: true });
    // ehr-sync publishes UserCreated; the notifier is not called by anyone and calls no one.
    expect(matrix.calls).toEqual([]);
    expect(await platform.plane.installations.get(TENANT, 'notifier')).toEqual(before);
    const records = await trail({ action: 'policy.simulate*' });
    expect(records.map((r) => [r.action, r.decision])).toEqual(
      expect.arrayContaining([
        ['policy.simulate', 'allow'],
        ['policy.simulate.completed', 'allow'],
      ]),
    );
  });

  it('answers one question as the lane would meet it: decide, and the lane’s checks around it', async () => {
    // A proposed version is simulated as once enabled; the installations here are not enabled.
    const blocked = await simulate(admin, {
      principal: { pluginId: 'notifier', version: '2.0.0' },
      action: 'proxy.egress',
      resource: { url: 'https://evil.example/collect' },
    });
    const call_ = await simulate(admin, {
      principal: { installation: 'ehr-sync' },
      action: 'operator.call',
      resource: { targetPluginId: 'storage', operation: 'getChart' },
    });

    expect(blocked.body.decision).toMatchObject({
      action: 'proxy.egress',
      effect: 'deny',
      decision: { effect: 'deny', rule: 'proxy.egress.not_allowlisted' },
    });
    // Storage is only Registered (not enabled) and ehr-sync is not cleared for PHI.
    expect(call_.body.decision).toMatchObject({
      effect: 'deny',
      checks: [expect.objectContaining({ rule: 'caller_not_running' })],
    });
  });

  it('simulates a proposed version and a role', async () => {
    const proposed = await simulate(admin, {
      principal: { pluginId: 'notifier', version: '2.0.0' },
      all: true,
    });
    const role = await simulate(admin, {
      principal: { role: 'config_manager' },
      action: 'installation.configure',
      resource: { pluginId: 'notifier' },
    });

    expect(proposed.body.subject).toEqual({ kind: 'proposed', pluginId: 'notifier', version: '2.0.0' });
    expect(proposed.body.matrix.egress.map((e: { host: string }) => e.host)).toEqual([
      'api.mailer.example',
      'hooks.partner.example',
    ]);
    expect(role.body.decision).toMatchObject({ effect: 'allow', decision: { rule: 'role' } });
  });

  it('refuses bad input with every field, a role without the right, and an unknown principal', async () => {
    const invalid = await simulate(admin, {
      principal: { installation: 'notifier', role: 'admin' },
      all: true,
      action: 'x',
    });
    const badSchema = await simulate(admin, { principal: { role: 'root' }, all: 'yes' });
    const forbidden = await simulate(viewer, { principal: { role: 'admin' }, all: true });
    const missing = await simulate(admin, { principal: { installation: 'ghost' }, all: true });

    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/principal', '/action']);
    expect(badSchema.status).toBe(400);
    expect(badSchema.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/all',
      '/principal/role',
    ]);
    expect(forbidden.status).toBe(403);
    expect(missing.status).toBe(404);
  });

  it('explains a real audit record by asking decide again, and says when it cannot', async () => {
    // Prepare: the audit viewer's refused simulation above is a decision with its inputs recorded.
    const [refused] = await trail({ action: 'policy.simulate', decision: 'deny' });
    const [completed] = await trail({ action: 'policy.simulate.completed' });
    const [install] = await trail({ action: 'installation.install' });

    // Act
    const explained = await explain(viewer, String(refused!.seq));
    const installExplained = await explain(admin, String(install!.seq));
    const notADecision = await explain(admin, String(completed!.seq));

    // Assess
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({
      record: { seq: refused!.seq, action: 'policy.simulate', decision: 'deny', rule: 'role_required' },
      inputs: { principal: { kind: 'user', subject: 'vic', roles: ['audit_viewer'] }, tenantId: TENANT },
      replay: { same: true, differences: [], decision: { effect: 'deny', rule: 'role_required' } },
    });
    expect(installExplained.body.replay).toMatchObject({ same: true, decision: { effect: 'allow' } });
    expect(notADecision.body.unexplained).toContain('is not a policy decision');
    expect((await explain(admin, 'abc')).body.errors).toEqual([
      { pointer: '/seq', message: expect.any(String) },
    ]);
    expect((await explain(admin, '999999')).status).toBe(404);
    expect((await explain(tenant.manager, String(refused!.seq))).status).toBe(403);
  });
});
