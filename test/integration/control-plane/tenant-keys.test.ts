import { beforeAll, describe, expect, it } from 'vitest';
import { kmsEnvelope } from '../../../adapters/aws/envelope';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { catalogApi } from '../../../functions/catalog/api';
import { tenantsApi } from '../../../functions/tenants/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { uniqueName } from '../../support/unique';

describe('tenants with a dedicated key', () => {
  let platform: TestPlatform;
  let tenants: ReturnType<typeof tenantsApi>;
  let ops: string;
  const keyed = uniqueName('hospital', 40);

  beforeAll(async () => {
    platform = await testPlatform({}, { dedicatedKeyTenants: [keyed] });
    tenants = tenantsApi(platform.plane);
    ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
  });

  const create = (id: string, keyMode: 'shared' | 'dedicated') =>
    call(tenants, 'POST', '/v1/tenants', { token: ops, body: { id, name: id, keyMode } });

  it('refuses a dedicated tenant the deployment has no key for, says how to provision it, and creates nothing', async () => {
    const id = uniqueName('unkeyed', 40);

    const answer = await create(id, 'dedicated');

    expect(answer.status).toBe(409);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ status: 409, code: 'dedicated_key_not_provisioned', tenantId: id });
    expect(answer.body.detail).toContain('vivified:dedicatedKeyTenants');
    expect(answer.body.detail).toContain('deploy');
    const read = await call(tenants, 'GET', '/v1/tenants/{tenantId}', {
      token: ops,
      params: { tenantId: id },
    });
    expect(read.status).toBe(404);
    const { items } = await platform.plane.audit.query(
      PLATFORM_TENANT_ID,
      { action: 'tenant.create.refused' },
      100,
    );
    // Recorded as the refusal it is: a denial, never an allowed creation.
    expect(items.filter((record) => record.target.id === id)).toEqual([
      expect.objectContaining({
        decision: 'deny',
        reasons: [expect.stringMatching(/vivified:dedicatedKeyTenants/)],
      }),
    ]);
    const completed = await platform.plane.audit.query(
      PLATFORM_TENANT_ID,
      { action: 'tenant.create.completed' },
      100,
    );
    expect(completed.items.filter((record) => record.target.id === id)).toEqual([]);
  });

  it('creates a shared tenant without a key as before', async () => {
    const id = uniqueName('clinic', 40);

    const answer = await create(id, 'shared');

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id, keyMode: 'shared' });
  });

  it('creates a dedicated tenant whose key is provisioned, and seals its config secrets under that key', async () => {
    const answer = await create(keyed, 'dedicated');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id: keyed, keyMode: 'dedicated' });
    await call(catalogApi(platform.plane), 'POST', '/v1/plugins', { token: ops, body: notifierManifest() });
    const installations = installationRoutes(platform.plane);
    const manager = await platform.issuer.issue({
      subject: 'pat',
      tenantId: keyed,
      roles: ['plugin_manager', 'config_manager'],
    });
    const installed = await call(installations, 'POST', '/v1/tenants/{tenantId}/installations', {
      token: manager,
      params: { tenantId: keyed },
      body: { pluginId: 'notifier', consent: true },
    });
    expect(installed.status).toBe(201);

    const configured = await call(
      installations,
      'PUT',
      '/v1/tenants/{tenantId}/installations/{pluginId}/config',
      {
        token: manager,
        params: { tenantId: keyed, pluginId: 'notifier' },
        body: { values: { sender: 'welcome@hospital.example', batchSize: 10, apiToken: 'tok-dedicated-1' } },
      },
    );

    expect(configured.status).toBe(200);
    const sealed = (await platform.plane.installations.get(keyed, 'notifier'))!.sealedSecrets.apiToken!;
    const context = {
      tenantId: keyed,
      installationId: installed.body.installationId as string,
      purpose: 'config' as const,
    };
    // A keyring of the tenant's key alone opens it: the data key is wrapped under that key.
    const tenantKeyOnly = kmsEnvelope({ keyId: platform.tenantKeys.get(keyed)! });
    expect(await tenantKeyOnly.open(sealed, context)).toBe('tok-dedicated-1');
  });
});
