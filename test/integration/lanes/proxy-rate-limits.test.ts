import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayCertificates } from '../../../cli/dev/certificates';
import { proxyLane } from '../../../functions/lanes/proxy/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { notifierManifest } from '../../support/manifests';
import { withinOneWindow } from '../../support/rate-window';
import { type SeededTenant, seedTenant } from '../../support/seed';

// The proxy lane limits an installation per target host as well: a plugin that may send 2
// requests a minute to each host is refused a third to one host, and still reaches another.
describe('the proxy lane, per target host', () => {
  let platform: TestPlatform;
  let server: Server;
  let port: number;
  let tenant: SeededTenant;
  let tls: ReturnType<typeof throwawayCertificates>;
  const hosts = ['api.mailer.example', 'cdn.mailer.example'];

  beforeAll(async () => {
    tls = throwawayCertificates(hosts);
    server = createServer({ key: tls.key, cert: tls.cert }, (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    platform = await testPlatform();
    tenant = await seedTenant(platform, 'clinic-h', [
      notifierManifest('1.0.0', {
        allowed_domains: hosts,
        rate_limits: { egress_requests_per_domain_per_minute: 2 },
      }),
    ]);
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('refuses a host past its limit with 429, audited with that host, and lets the plugin reach another', async () => {
    const lane = proxyLane(platform.lanePlane, {
      identity: platform.credentials,
      resolve: async () => ['127.0.0.1'],
      egress: { allowedPorts: [port], allowRanges: ['127.0.0.1/32'] },
      limits: { ca: [tls.ca], totalTimeoutMs: 5_000 },
    });
    const get = (host: string) =>
      call(lane, 'POST', '/v1/proxy', {
        token: tenant.credentials.notifier,
        body: { method: 'GET', url: `https://${host}:${port}/ok` },
      });
    await withinOneWindow();

    const api = [
      await get('api.mailer.example'),
      await get('api.mailer.example'),
      await get('api.mailer.example'),
    ];
    const cdn = await get('cdn.mailer.example');

    expect(api.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(api[2]!.body.code).toBe('rate_limited');
    expect(Number(api[2]!.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(cdn.status).toBe(200);
    const installationId = tenant.installations.notifier!.installationId;
    const refusals = await platform.plane.audit.query(
      'clinic-h',
      { action: 'proxy.egress', decision: 'deny' },
      10,
    );
    expect(refusals.items).toHaveLength(1);
    expect(refusals.items[0]).toMatchObject({
      target: { kind: 'host', id: 'api.mailer.example' },
      details: {
        host: 'api.mailer.example',
        limit: {
          scope: 'domain',
          key: `clinic-h/${installationId}/api.mailer.example`,
          limit: 2,
          windowSeconds: 60,
          source: 'manifest',
        },
      },
    });
  });
});
