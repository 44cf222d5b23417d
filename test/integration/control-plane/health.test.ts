import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogApi } from '../../../functions/catalog/api';
import { checkHealth } from '../../../functions/health/check';
import { tenantsApi } from '../../../functions/tenants/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { asFunction } from '../../support/iam/caller';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';

describe('the health schedule', () => {
  let platform: TestPlatform;
  let plugin: Server;
  let healthy = true;
  const tenantId = 'clinic-h';
  let manager: string;

  beforeAll(async () => {
    // The plugin's health endpoint, played by a loopback server whose answer the test controls.
    plugin = createServer((request, response) => {
      response.statusCode = request.url === '/health' && healthy ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => plugin.listen(0, '127.0.0.1', resolve));
    const { port } = plugin.address() as AddressInfo;
    platform = await testPlatform({}, { endpointPattern: `http://127.0.0.1:${port}` });
    const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    manager = await platform.issuer.issue({ subject: 'pat', tenantId, roles: ['plugin_manager'] });
    await call(tenantsApi(platform.plane), 'POST', '/v1/tenants', {
      token: ops,
      body: { id: tenantId, name: 'Clinic H' },
    });
    await call(catalogApi(platform.plane), 'POST', '/v1/plugins', { token: ops, body: notifierManifest() });
    const installations = installationRoutes(platform.plane);
    await call(installations, 'POST', '/v1/tenants/{tenantId}/installations', {
      token: manager,
      params: { tenantId },
      body: { pluginId: 'notifier', consent: true },
    });
    const enabled = await call(
      installations,
      'POST',
      '/v1/tenants/{tenantId}/installations/{pluginId}/enable',
      {
        token: manager,
        params: { tenantId, pluginId: 'notifier' },
      },
    );
    expect(enabled.body.state).toBe('Active');
  });

  afterAll(() => new Promise((resolve) => plugin.close(resolve)));

  const state = async () => (await platform.plane.installations.get(tenantId, 'notifier'))!;

  it('marks Unhealthy after consecutive failures, restores on recovery, and emits and audits each change', async () => {
    // A healthy round changes nothing.
    expect((await asFunction('health', () => checkHealth(platform.plane))).changed).toEqual([]);
    expect((await state()).health.consecutiveFailures).toBe(0);

    // One failure is tolerated (unhealthyAfter = 2) ...
    healthy = false;
    expect((await asFunction('health', () => checkHealth(platform.plane))).changed).toEqual([]);
    expect(await state()).toMatchObject({ state: 'Active', health: { consecutiveFailures: 1 } });

    // ... the second is not.
    const failed = await asFunction('health', () => checkHealth(platform.plane));
    expect(failed.changed).toEqual([{ tenantId, pluginId: 'notifier', from: 'Active', to: 'Unhealthy' }]);
    expect((await state()).state).toBe('Unhealthy');

    healthy = true;
    const restored = await asFunction('health', () => checkHealth(platform.plane));
    expect(restored.changed).toEqual([{ tenantId, pluginId: 'notifier', from: 'Unhealthy', to: 'Active' }]);
    expect((await state()).health.history.slice(0, 4).map((c) => c.healthy)).toEqual([
      true,
      false,
      false,
      true,
    ]);

    expect(platform.emitted.map((e) => [e.type, (e.data as { to: string }).to])).toEqual([
      ['PluginHealthChanged.v1', 'Unhealthy'],
      ['PluginHealthChanged.v1', 'Active'],
    ]);
    const audit = await platform.plane.audit.query(tenantId, { actor: 'health-check' }, 100);
    expect(audit.items.map((r) => r.action)).toEqual([
      'installation.health_failed',
      'installation.health_restored',
    ]);
    expect((await platform.plane.audit.verify(tenantId)).ok).toBe(true);
  });

  it('counts dead letters each round, so a list shows the Active installation needing attention', async () => {
    const installations = installationRoutes(platform.plane);
    const { deadLetterQueueUrl } = (await state()).resources;
    await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: deadLetterQueueUrl, MessageBody: '{}' }));

    // As deployed: the health function's own role counts the queue.
    await asFunction('health', () => checkHealth(platform.plane));

    const checked = await state();
    expect(checked.state).toBe('Active');
    expect(checked.health.deadLetters).toBe(1);
    expect(checked.health.history[0]!.detail).toContain('1 event(s) in the dead-letter queue');
    const listed = await call(installations, 'GET', '/v1/tenants/{tenantId}/installations', {
      token: manager,
      params: { tenantId },
    });
    expect(listed.body.items[0].health).toMatchObject({
      deadLetters: 1,
      status: 'degraded',
      reasons: ['1 event(s) in the dead-letter queue: fix the cause, then redeliver them'],
    });
  });

  it('replaces the stored credential only near its expiry, not every round', async () => {
    // The round's clock is the test's; the credential's expiry follows it, as deployed.
    let now = new Date();
    const rotated: string[] = [];
    const plane = {
      ...platform.plane,
      now: () => now,
      runtime: {
        ...platform.plane.runtime,
        status: (id: string) => platform.plane.runtime.status(id),
        rotateCredential: async (id: string, token: string) => {
          rotated.push(token);
          await platform.plane.runtime.rotateCredential(id, token);
        },
      },
    };
    const round = () => asFunction('health', () => checkHealth(plane));

    // The earlier rounds stored one and recorded when it expires.
    await round();
    const { credentialExpiresAt } = (await state()).health;
    expect(credentialExpiresAt).toBeDefined();
    const expiresAt = Date.parse(credentialExpiresAt!);
    const before = rotated.length;

    // Rounds every 2 minutes while more than 30 minutes are left write nothing ...
    now = new Date(expiresAt - 31 * 60 * 1000);
    await round();
    now = new Date(expiresAt - 30 * 60 * 1000);
    await round();
    expect(rotated.length).toBe(before);
    expect((await state()).health.credentialExpiresAt).toBe(credentialExpiresAt);

    // ... and the first round inside the margin writes one, an hour from that round.
    now = new Date(expiresAt - 30 * 60 * 1000 + 1);
    await round();
    expect(rotated.length).toBe(before + 1);
    const renewed = (await state()).health.credentialExpiresAt!;
    expect(Date.parse(renewed)).toBe(Math.floor(now.getTime() / 1000) * 1000 + 3_600_000);
    expect((await platform.plane.credentials.verify(rotated.at(-1), now.getTime())).pluginId).toBe(
      'notifier',
    );
  });
});
