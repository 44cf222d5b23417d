import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridge } from '../../../adapters/aws/clients';
import { catalogApi } from '../../../functions/catalog/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

const INSTALLATION = '/v1/tenants/{tenantId}/installations/{pluginId}';

describe('upgrading an installation', () => {
  let platform: TestPlatform;
  let tenant: SeededTenant;
  const params = { tenantId: 'clinic-u', pluginId: 'notifier' };
  const v2 = notifierManifest('2.0.0', {
    allowed_domains: ['api.mailer.example', 'hooks.partner.example'],
    events: { subscribes: ['UserCreated.v1', 'PaymentReceived.v1'] },
  });

  beforeAll(async () => {
    platform = await testPlatform();
    tenant = await seedTenant(platform, 'clinic-u', [notifierManifest()]);
    const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    expect(
      (await call(catalogApi(platform.plane), 'POST', '/v1/plugins', { token: ops, body: v2 })).status,
    ).toBe(201);
  });

  it('shows the permission diff and needs consent; refuses while running; applies when stopped and re-routes events', async () => {
    const api = installationRoutes(platform.plane);
    const configurer = await platform.issuer.issue({
      subject: 'cam',
      tenantId: 'clinic-u',
      roles: ['config_manager'],
    });
    await call(api, 'PUT', `${INSTALLATION}/config`, {
      token: configurer,
      params,
      body: { values: { sender: 'hi@clinic-u.example' } },
    });
    const upgrade = (body: unknown) =>
      call(api, 'POST', `${INSTALLATION}/upgrade`, { token: tenant.manager, params, body });

    const running = await upgrade({ version: '2.0.0', consent: true });
    const askOnly = await upgrade({ version: '2.0.0' });
    await call(api, 'POST', `${INSTALLATION}/disable`, { token: tenant.manager, params });
    const unconsented = await upgrade({ version: '2.0.0' });
    const applied = await upgrade({ version: '2.0.0', consent: true });

    expect(askOnly).toMatchObject({ status: 200, body: { applied: false, from: '1.0.0', to: '2.0.0' } });
    expect(askOnly.body.diff.added).toMatchObject({
      domains: ['hooks.partner.example'],
      subscribes: ['PaymentReceived.v1'],
    });
    // Beside the manifest diff, what policy would then allow that it does not now.
    expect(askOnly.body.capabilities).toEqual({
      added: [
        'reach hooks.partner.example',
        'receive PaymentReceived.v1 in full',
        'send secret apiToken to hooks.partner.example',
      ],
      removed: [],
    });
    expect(running.status).toBe(409);
    expect(unconsented.body.applied).toBe(false);
    expect(applied).toMatchObject({
      status: 200,
      body: { applied: true, installation: { pluginVersion: '2.0.0', state: 'Disabled' } },
    });
    const rules = await eventBridge.send(
      new ListRulesCommand({
        EventBusName: platform.names.bus,
        NamePrefix: `vi-${tenant.installations.notifier!.installationId}-`,
      }),
    );
    // One rule for the installation, listing both versions' types.
    expect(rules.Rules?.map((r) => JSON.parse(r.EventPattern!)['detail-type'])).toEqual([
      ['PaymentReceived.v1', 'UserCreated.v1'],
    ]);
    expect((await upgrade({ version: '9.9.9', consent: true })).status).toBe(404);
  });
});
