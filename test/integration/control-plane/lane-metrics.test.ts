import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { canonicalLane } from '../../../functions/lanes/canonical/api';
import { proxyLane } from '../../../functions/lanes/proxy/api';
import { selfService } from '../../../functions/lanes/self/api';
import type { InstallationMetrics } from '../../../functions/wire';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('an installation’s lane metrics', () => {
  const tenantId = 'clinic-m';
  let platform: TestPlatform;
  let tenant: SeededTenant;
  const metrics = (token: string, query: Record<string, string> = {}) =>
    call(
      installationRoutes(platform.plane),
      'GET',
      '/v1/tenants/{tenantId}/installations/{pluginId}/metrics',
      {
        token,
        params: { tenantId, pluginId: 'notifier' },
        query,
      },
    );

  beforeAll(async () => {
    platform = await testPlatform();
    tenant = await seedTenant(platform, tenantId, [notifierManifest()]);
    const token = tenant.credentials.notifier;
    const self = selfService(platform.lanePlane, {
      credentials: platform.credentials,
      operatorKeys: () => ({ keys: [] }),
    });
    for (let i = 0; i < 3; i += 1) {
      expect((await call(self, 'GET', '/v1/self/config', { token })).status).toBe(200);
    }
    // A call its credential does not vouch for belongs to no installation: counted nowhere here.
    expect((await call(self, 'GET', '/v1/self/config', { token: 'not-a-credential' })).status).toBe(401);
    // An invalid event: refused after the caller is known, so it is the installation's error.
    const canonical = canonicalLane(platform.lanePlane, {
      identity: platform.credentials,
      bus: eventBridgeBus(),
      busName: platform.names.bus,
    });
    expect(
      (await call(canonical, 'POST', '/v1/canonical/events', { token, body: { type: 'Nope' } })).status,
    ).toBe(400);
    // An allowlisted host that does not answer (nothing listens on port 1) and a host no list allows.
    const proxy = proxyLane(platform.lanePlane, {
      identity: platform.credentials,
      resolve: async () => ['127.0.0.1'],
      egress: { allowedPorts: [1], allowRanges: ['127.0.0.1/32'] },
      limits: { connectTimeoutMs: 1_000, totalTimeoutMs: 2_000 },
    });
    const unreachable = await call(proxy, 'POST', '/v1/proxy', {
      token,
      body: { method: 'GET', url: 'https://api.mailer.example:1/send' },
    });
    expect(unreachable.status).toBeGreaterThanOrEqual(500);
    const refused = await call(proxy, 'POST', '/v1/proxy', {
      token,
      body: { method: 'GET', url: 'https://elsewhere.example/' },
    });
    expect(refused.status).toBe(403);
  });

  it('charts the calls, errors and latency of each lane and the calls per admitted host over the hour', async () => {
    // Act
    const answer = await metrics(tenant.manager);

    // Assess
    expect(answer.status).toBe(200);
    const body = answer.body as InstallationMetrics;
    expect(body).toMatchObject({ window: 'hour', bucketSeconds: 60 });
    expect(Date.now() - Date.parse(body.start)).toBeLessThanOrEqual(3_600_000);
    const lane = (name: string) => body.lanes.find((l) => l.lane === name)!;
    expect(body.lanes.map((l) => l.lane)).toEqual(['canonical', 'proxy', 'self']);
    expect(sum(lane('self').calls)).toBe(3);
    expect(sum(lane('self').errors)).toBe(0);
    expect(sum(lane('canonical').calls)).toBe(1);
    expect(sum(lane('canonical').errors)).toBe(1);
    expect(sum(lane('proxy').calls)).toBe(2);
    expect(sum(lane('proxy').errors)).toBe(2);
    const last = lane('self').p95.findLast((value) => value !== null);
    expect(last).toBeGreaterThan(0);
    // Only the host the allowlist admitted is named; the refused one is no metric of its own.
    expect(body.egress.map((h) => [h.host, sum(h.calls)])).toEqual([['api.mailer.example', 1]]);
    for (const series of [
      ...body.lanes.flatMap((l) => [l.calls, l.p50]),
      ...body.egress.map((h) => h.calls),
    ]) {
      expect(series).toHaveLength(60);
    }
  });

  it('buckets the day in quarter hours', async () => {
    const answer = await metrics(tenant.manager, { window: 'day' });
    expect(answer.status).toBe(200);
    const body = answer.body as InstallationMetrics;
    expect(body).toMatchObject({ window: 'day', bucketSeconds: 900 });
    expect(body.lanes.find((l) => l.lane === 'self')!.calls).toHaveLength(96);
  });

  it('refuses a window it does not know, naming the parameter, and a reader without the health permission', async () => {
    const invalid = await metrics(tenant.manager, { window: 'week' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ pointer: '/window', message: 'must be one of hour, day' }]);

    const viewer = await platform.issuer.issue({ subject: 'avi', tenantId, roles: ['audit_viewer'] });
    const denied = await metrics(viewer);
    expect(denied.status).toBe(403);
    const audit = await platform.plane.audit.query(tenantId, { action: 'installation.metrics' }, 100);
    expect(audit.items.map((record) => record.decision)).toContain('deny');
    expect(audit.items.map((record) => record.decision)).toContain('allow');
  });
});
