import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { ecs, eventBridge, sqs } from '../../../adapters/aws/clients';
import { legalEvents } from '../../../core/lifecycle';
import { catalogApi } from '../../../functions/catalog/api';
import { tenantsApi } from '../../../functions/tenants/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';

const INSTALLATION = '/v1/tenants/{tenantId}/installations/{pluginId}';

async function prepared(platform: TestPlatform, tenantId: string) {
  const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
  const manager = await platform.issuer.issue({ subject: 'pat', tenantId, roles: ['plugin_manager'] });
  const configurer = await platform.issuer.issue({ subject: 'cam', tenantId, roles: ['config_manager'] });
  await call(tenantsApi(platform.plane), 'POST', '/v1/tenants', {
    token: ops,
    body: { id: tenantId, name: tenantId },
  });
  await call(catalogApi(platform.plane), 'POST', '/v1/plugins', { token: ops, body: notifierManifest() });
  const installations = installationRoutes(platform.plane);
  const installed = await call(installations, 'POST', '/v1/tenants/{tenantId}/installations', {
    token: manager,
    params: { tenantId },
    body: { pluginId: 'notifier', consent: true },
  });
  return { installations, manager, configurer, installationId: installed.body.installationId as string };
}

/** Services of the installation that still exist (a deleted ECS service lingers as INACTIVE). */
const activeServices = async (platform: TestPlatform, installationId: string) => {
  const { services } = await ecs.send(
    new DescribeServicesCommand({
      cluster: platform.names.cluster,
      services: [`vivified-${installationId}`],
    }),
  );
  return (services ?? []).filter((s) => s.status !== 'INACTIVE').map((s) => s.serviceArn);
};

const leftovers = async (platform: TestPlatform, installationId: string) => ({
  queues:
    (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `vivified-${installationId}` }))).QueueUrls ??
    [],
  rules:
    (
      await eventBridge.send(
        new ListRulesCommand({ EventBusName: platform.names.bus, NamePrefix: `vi-${installationId}-` }),
      )
    ).Rules ?? [],
  services: await activeServices(platform, installationId),
});

describe('concurrent lifecycle requests', () => {
  it('20 concurrent enable/disable requests end in a legal state with a consistent revision', async () => {
    // Prepare
    const platform = await testPlatform();
    const tenantId = 'clinic-c';
    const { installations, manager, installationId } = await prepared(platform, tenantId);
    const params = { tenantId, pluginId: 'notifier' };

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(installations, 'POST', `${INSTALLATION}/${i % 2 === 0 ? 'enable' : 'disable'}`, {
          token: manager,
          params,
        }),
      ),
    );

    // Assess: every answer is a success or a clean conflict, never a 5xx.
    expect(answers.every((a) => [200, 409].includes(a.status))).toBe(true);
    const final = (await platform.plane.installations.get(tenantId, 'notifier'))!;
    expect(['Active', 'Disabled', 'Registered']).toContain(final.state);
    expect(legalEvents(final.state).length).toBeGreaterThan(0);
    // Every successful request advanced the revision by its lifecycle steps (two each), from 1.
    const successes = answers.filter((a) => a.status === 200).length;
    expect(final.rev).toBe(1 + 2 * successes);
    // Resources match the state: running ones have them; a never-enabled one has none.
    const left = await leftovers(platform, installationId);
    if (final.state === 'Registered') expect(left).toEqual({ queues: [], rules: [], services: [] });
    else expect(left.queues).toHaveLength(2);
  });
});

describe('a failure part-way through enable', () => {
  it('undoes what was made, returns to Registered with lastError, and a retry succeeds', async () => {
    // Prepare: the runtime fails once, after the queues and rules were already made.
    const real = await testPlatform();
    let failNext = true;
    const platform: TestPlatform = {
      ...real,
      plane: {
        ...real.plane,
        runtime: {
          ...real.plane.runtime,
          start: async (launch) => {
            if (failNext) {
              failNext = false;
              await real.plane.runtime.start(launch); // the service exists when the failure hits
              throw new Error('injected: ECS capacity unavailable');
            }
            return real.plane.runtime.start(launch);
          },
        },
      },
    };
    const tenantId = 'clinic-f';
    const { installations, manager, installationId } = await prepared(platform, tenantId);
    const params = { tenantId, pluginId: 'notifier' };

    // Act
    const failed = await call(installations, 'POST', `${INSTALLATION}/enable`, { token: manager, params });
    const afterFailure = (await platform.plane.installations.get(tenantId, 'notifier'))!;
    const leftAfterFailure = await leftovers(platform, installationId);
    const retried = await call(installations, 'POST', `${INSTALLATION}/enable`, { token: manager, params });

    // Assess
    expect(failed.status).toBe(502);
    expect(failed.body.detail).toContain('injected');
    expect(afterFailure.state).toBe('Registered');
    expect(afterFailure.lastError).toMatchObject({
      step: 'runtime',
      message: 'injected: ECS capacity unavailable',
    });
    expect(leftAfterFailure).toEqual({ queues: [], rules: [], services: [] });
    expect(retried.status).toBe(200);
    expect(retried.body.state).toBe('Active');
    expect(retried.body.lastError).toBeUndefined();
  });
});

describe('config validation', () => {
  it('answers a bad config with every field error and changes nothing', async () => {
    const platform = await testPlatform();
    const tenantId = 'clinic-v';
    const { installations, configurer } = await prepared(platform, tenantId);
    const before = (await platform.plane.installations.get(tenantId, 'notifier'))!;

    const answer = await call(installations, 'PUT', `${INSTALLATION}/config`, {
      token: configurer,
      params: { tenantId, pluginId: 'notifier' },
      body: { values: { sender: 'not an email', batchSize: 0, apiToken: 'short', colour: 'blue' } },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(
      ['/values/apiToken', '/values/batchSize', '/values/colour', '/values/sender'].sort(),
    );
    expect(await platform.plane.installations.get(tenantId, 'notifier')).toEqual(before);
  });
});
