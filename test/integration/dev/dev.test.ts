import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT, exampleManifests, seedDemo } from '../../../cli/dev/demo';
import { type DemoUpstream, demoEgress, startDemoUpstream } from '../../../cli/dev/demo-upstream';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

describe('vivified dev', () => {
  let platform: DevPlatform;
  let upstream: DemoUpstream;
  let tokens: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('dev', 30),
      healthIntervalSeconds: 3600,
      egress: demoEgress(upstream),
    });
    tokens = await seedDemo(platform, upstream, () => undefined);
  });

  afterAll(async () => {
    await platform.stop();
    await upstream.close();
  });

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${platform.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('serves the route table over HTTP through the real handlers', async () => {
    const tenant = await get(`/v1/tenants/${DEMO_TENANT}`, tokens.platform_admin);
    expect(tenant, JSON.stringify(tenant)).toMatchObject({ status: 200, body: { id: DEMO_TENANT } });
    expect((await get('/v1/plugins', tokens.admin)).status).toBe(200);
    expect((await get(`/v1/tenants/${DEMO_TENANT}/audit/verify`, tokens.audit_viewer)).body.ok).toBe(true);
    expect((await get('/v1/plugins', tokens.audit_viewer)).status).toBe(403);
    expect((await get('/v1/plugins')).status).toBe(401);
    expect((await get('/v1/nowhere', tokens.admin)).status).toBe(404);
  });

  it('publishes the development issuer keys, so tokens can be checked and minted against them', async () => {
    const jwks = await get('/.well-known/jwks.json');

    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
  });

  it('installs and runs every example plugin of the demo', async () => {
    const installed = await get(`/v1/tenants/${DEMO_TENANT}/installations`, tokens.admin);
    const ids = installed.body.items.map((i: { pluginId: string }) => i.pluginId).sort();

    expect(ids).toEqual(
      exampleManifests()
        .manifests.map((m) => m.id)
        .sort(),
    );
  });

  it('charts dead letters sampled from the emulated queues, and leaves out deliveries it cannot see', async () => {
    const [first] = (await get(`/v1/tenants/${DEMO_TENANT}/installations`, tokens.admin)).body.items;

    const metrics = await get(
      `/v1/tenants/${DEMO_TENANT}/installations/${first.pluginId}/metrics`,
      tokens.admin,
    );

    expect(metrics.status, JSON.stringify(metrics.body)).toBe(200);
    expect(metrics.body.events).not.toHaveProperty('delivered');
    expect(metrics.body.events.deadLettered.at(-1)).toBe(0);
  });

  it('provisions the platform resources idempotently', async () => {
    const again = await startDev({
      port: await freePort(),
      prefix: platform.resources.tableName.replace(/-registry$/, ''),
    });
    await again.stop();

    expect(again.resources).toEqual(platform.resources);
  });
});
