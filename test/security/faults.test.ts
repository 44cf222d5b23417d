import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ApiSupport from '../support/api';
import type * as PlatformSupport from '../support/control-plane';
import { notifierManifest } from '../support/manifests';
import { type OutageSwitch, outageSwitch } from '../support/outage';

// Every SDK client of this file reaches the emulators through a relay the test can cut, so
// "LocalStack stopped" and "moto stopped" happen here only, mid-operation, while the emulators
// keep serving every other test. Modules are imported after the endpoints are switched (each test
// file has its own module registry, so the clients are this file's own).
let localstack: OutageSwitch;
let moto: OutageSwitch;
let support: typeof PlatformSupport;
let api: typeof ApiSupport;
let handlers: {
  installations: typeof import('../support/installation-routes').installationRoutes;
  tenants: typeof import('../../functions/tenants/api').tenantsApi;
  catalog: typeof import('../../functions/catalog/api').catalogApi;
  sweepStuck: typeof import('../../functions/lifecycle-sweep/sweep').sweepStuck;
};

beforeAll(async () => {
  [localstack, moto] = await Promise.all([
    outageSwitch(process.env.AWS_ENDPOINT_URL!),
    outageSwitch(process.env.AWS_ENDPOINT_URL_DYNAMODB!),
  ]);
  process.env.AWS_ENDPOINT_URL = localstack.url;
  for (const service of ['DYNAMODB', 'ECS', 'SERVICEDISCOVERY', 'EC2'])
    process.env[`AWS_ENDPOINT_URL_${service}`] = moto.url;
  support = await import('../support/control-plane');
  api = await import('../support/api');
  handlers = {
    installations: (await import('../support/installation-routes')).installationRoutes,
    tenants: (await import('../../functions/tenants/api')).tenantsApi,
    catalog: (await import('../../functions/catalog/api')).catalogApi,
    sweepStuck: (await import('../../functions/lifecycle-sweep/sweep')).sweepStuck,
  };
});

afterAll(async () => {
  await Promise.all([localstack?.close(), moto?.close()]);
});

const INSTALLATION = '/v1/tenants/{tenantId}/installations/{pluginId}';

async function installedNotifier(platform: PlatformSupport.TestPlatform, tenantId: string) {
  const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
  const manager = await platform.issuer.issue({
    subject: 'pat',
    tenantId,
    roles: ['plugin_manager', 'admin'],
  });
  await api.call(handlers.tenants(platform.plane), 'POST', '/v1/tenants', {
    token: ops,
    body: { id: tenantId, name: tenantId },
  });
  await api.call(handlers.catalog(platform.plane), 'POST', '/v1/plugins', {
    token: ops,
    body: notifierManifest(),
  });
  const installations = handlers.installations(platform.plane);
  const installed = await api.call(installations, 'POST', '/v1/tenants/{tenantId}/installations', {
    token: manager,
    params: { tenantId },
    body: { pluginId: 'notifier', consent: true },
  });
  expect(installed.status).toBe(201);
  return { installations, manager, params: { tenantId, pluginId: 'notifier' } };
}

const expectUnavailable = (answer: ApiSupport.Answer, service: RegExp) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(503);
  expect(answer.headers['Content-Type']).toBe('application/problem+json');
  expect(answer.headers['Retry-After']).toBe('5');
  expect(answer.body).toMatchObject({ code: 'dependency_unavailable', retryAfterSeconds: 5 });
  expect(answer.body.detail).toMatch(service);
};

describe('an emulator stopped mid-operation', () => {
  it('LocalStack down during enable: 503 with retry advice, Registered with the error, then a retry works', async () => {
    const platform = await support.testPlatform();
    const { installations, manager, params } = await installedNotifier(platform, 'clinic-ls');

    localstack.cut();
    let failed: ApiSupport.Answer;
    try {
      failed = await api.call(installations, 'POST', `${INSTALLATION}/enable`, { token: manager, params });
    } finally {
      localstack.restore();
    }
    const afterOutage = (await platform.plane.installations.get('clinic-ls', 'notifier'))!;
    const retried = await api.call(installations, 'POST', `${INSTALLATION}/enable`, {
      token: manager,
      params,
    });

    expectUnavailable(failed, /SQS|EventBridge/);
    expect(afterOutage.state).toBe('Registered');
    expect(afterOutage.resources).toEqual({});
    expect(afterOutage.lastError?.step).toBe('subscriptions');
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.state).toBe('Active');
  });

  it('moto down mid-enable: the request fails with 503, and after the restart the sweep undoes the step', async () => {
    const real = await support.testPlatform();
    let cutAfterStart = true;
    // The registry dies right after the runtime started: the installation is left in Provisioning
    // with a running service, the worst moment for an outage.
    const platform = {
      ...real,
      plane: {
        ...real.plane,
        runtime: {
          ...real.plane.runtime,
          start: async (launch: Parameters<typeof real.plane.runtime.start>[0]) => {
            const started = await real.plane.runtime.start(launch);
            if (cutAfterStart) {
              cutAfterStart = false;
              moto.cut();
            }
            return started;
          },
        },
      },
    };
    const { installations, manager, params } = await installedNotifier(platform, 'clinic-moto');

    let failed: ApiSupport.Answer;
    try {
      failed = await api.call(installations, 'POST', `${INSTALLATION}/enable`, { token: manager, params });
    } finally {
      moto.restore();
    }
    const stuck = (await platform.plane.installations.get('clinic-moto', 'notifier'))!;
    const later = { ...platform.plane, now: () => new Date(Date.now() + 16 * 60_000) };
    await handlers.sweepStuck(later);
    const swept = (await platform.plane.installations.get('clinic-moto', 'notifier'))!;
    const runtime = await platform.plane.runtime.status(swept.installationId);
    const retried = await api.call(installations, 'POST', `${INSTALLATION}/enable`, {
      token: manager,
      params,
    });

    expectUnavailable(failed, /DynamoDB|ECS/);
    expect(stuck.state).toBe('Provisioning');
    expect(swept.state).toBe('Registered');
    expect(swept.resources).toEqual({});
    expect(swept.lastError).toBeDefined();
    expect(runtime).toMatchObject({ running: 0 });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.state).toBe('Active');
  });

  it('moto down on a read: 503 with retry advice, not a 500', async () => {
    const platform = await support.testPlatform();
    const { installations, manager, params } = await installedNotifier(platform, 'clinic-read');

    moto.cut();
    let answer: ApiSupport.Answer;
    try {
      answer = await api.call(installations, 'GET', INSTALLATION, { token: manager, params });
    } finally {
      moto.restore();
    }

    expectUnavailable(answer, /DynamoDB/);
  });
});
