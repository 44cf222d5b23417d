import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayCertificates } from '../../../cli/dev/certificates';
import { type ProxyLaneOptions, proxyLane } from '../../../functions/lanes/proxy/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { roundTripsDuring } from '../../support/iam/round-trips';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

describe('the proxy lane', () => {
  let platform: TestPlatform;
  let server: Server;
  let port: number;
  let tenant: SeededTenant;
  let tls: ReturnType<typeof throwawayCertificates>;
  const seen: Array<{ url: string; headers: Record<string, unknown> }> = [];
  // The injected DNS: the test server's names point at loopback, others at hostile places.
  const dns: Record<string, string[]> = {
    'api.mailer.example': ['127.0.0.1'],
    'meta.mailer.example': ['169.254.169.254'],
    'mixed.mailer.example': ['127.0.0.1', '10.0.0.7'],
  };

  const lane = (overrides: Partial<ProxyLaneOptions> = {}) =>
    proxyLane(platform.lanePlane, {
      identity: platform.credentials,
      resolve: async (host) => dns[host] ?? ['93.184.216.34'],
      // The tenant extends the manifest's allowlist to the test server's other names.
      egress: {
        allowedPorts: [port],
        allowRanges: ['127.0.0.1/32'],
        tenantOverrides: () => ({ allow: ['*.mailer.example'] }),
      },
      limits: { ca: [tls.ca], maxResponseBytes: 100_000, totalTimeoutMs: 5_000 },
      ...overrides,
    });

  beforeAll(async () => {
    tls = throwawayCertificates(['api.mailer.example', 'meta.mailer.example', 'mixed.mailer.example']);
    server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      seen.push({ url: request.url!, headers: request.headers });
      if (request.url === '/redirect-out') {
        response.writeHead(302, { location: `https://evil.example:${port}/ok` }).end();
      } else if (request.url === '/redirect-in') {
        response.writeHead(302, { location: '/ok?step=2' }).end();
      } else if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(200_000));
      } else {
        response.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'session=abc',
          connection: 'close',
        });
        response.end(
          JSON.stringify({ path: request.url, authorization: request.headers.authorization ?? null }),
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    platform = await testPlatform();
    tenant = await seedTenant(platform, 'clinic-p', [notifierManifest()]);
    const configurer = await platform.issuer.issue({
      subject: 'cam',
      tenantId: 'clinic-p',
      roles: ['config_manager'],
    });
    const configured = await call(
      installationRoutes(platform.plane),
      'PUT',
      '/v1/tenants/{tenantId}/installations/{pluginId}/config',
      {
        token: configurer,
        params: { tenantId: 'clinic-p', pluginId: 'notifier' },
        body: { values: { sender: 'hello@clinic-p.example', apiToken: 'tok-1234567890' } },
      },
    );
    expect(configured.status).toBe(200);
    tenant = {
      ...tenant,
      installations: { notifier: (await platform.plane.installations.get('clinic-p', 'notifier'))! },
    };
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const proxy = (body: unknown, handler = lane()) =>
    call(handler, 'POST', '/v1/proxy', { token: tenant.credentials.notifier, body });

  it('reaches an allowlisted https host over verified TLS, injecting a secret that never comes back', async () => {
    const answer = await proxy({
      method: 'GET',
      url: `https://api.mailer.example:${port}/ok?to=someone`,
      headers: { Authorization: 'Bearer {{secret:apiToken}}', Cookie: 'stolen=1', Connection: 'keep-alive' },
    });

    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe(200);
    expect(JSON.parse(answer.body.body)).toEqual({ path: '/ok?to=someone', authorization: 'Bearer ***' });
    expect(answer.body.headers).not.toHaveProperty('set-cookie');
    const upstream = seen.at(-1)!;
    expect(upstream.headers.authorization).toBe('Bearer tok-1234567890');
    expect(upstream.headers.cookie).toBeUndefined();
    expect(upstream.headers.host).toBe(`api.mailer.example:${port}`);
    const audit = await platform.plane.audit.query('clinic-p', { action: 'proxy.egress.completed' }, 100);
    const record = audit.items.at(-1)!;
    expect(record.details).toMatchObject({
      method: 'GET',
      host: 'api.mailer.example',
      path: '/ok',
      status: 200,
      injected: ['apiToken'],
    });
    expect(JSON.stringify(audit.items)).not.toContain('tok-1234567890');
  });

  it('waits on two AWS round trips in a warm container: decision record with the rate count, then the outcome record', async () => {
    // Prepare: one container, which has served this plugin (installation, manifest, tier and chain head held).
    const warmLane = lane();
    const ask = { method: 'GET', url: `https://api.mailer.example:${port}/ok` };
    expect((await proxy(ask, warmLane)).status).toBe(200);

    // Act
    const [warm] = await roundTripsDuring(() => proxy(ask, warmLane));

    // Assess: issue 20's goal is at most 2; the outcome can only be recorded after the request.
    expect(warm).toMatchObject({ status: 200, sequential: 2 });
    expect([...warm!.operations].sort()).toEqual([
      'DynamoDB:TransactWriteItems',
      'DynamoDB:TransactWriteItems',
      'DynamoDB:UpdateItem',
      'DynamoDB:UpdateItem',
      'DynamoDB:UpdateItem',
    ]);
  });

  it('records what audit level complete asks for: size, every hop, content type, header names, never values', async () => {
    const complete = await seedTenant(platform, 'clinic-q', [
      notifierManifest('1.0.5', { compliance: { data_retention_days: 30, audit_level: 'complete' } }),
    ]);
    const ask = {
      method: 'POST',
      url: `https://api.mailer.example:${port}/redirect-in`,
      headers: { 'Content-Type': 'text/plain', 'X-Request-Id': 'req-secret-value' },
      body: 'hello',
    };

    const answer = await call(lane(), 'POST', '/v1/proxy', {
      token: complete.credentials.notifier,
      body: ask,
    });

    expect(answer.body.status).toBe(200);
    const audit = await platform.plane.audit.query('clinic-q', { action: 'proxy.egress.completed' }, 10);
    const record = audit.items.at(-1)!;
    expect(record.details).toMatchObject({
      requestBytes: 5,
      hops: ['api.mailer.example/redirect-in', 'api.mailer.example/ok'],
      contentType: 'application/json',
      headerNames: ['content-type', 'x-request-id'],
    });
    expect(JSON.stringify(record)).not.toContain('req-secret-value');
    // The floor, for the plugin that declares no level: none of it.
    await proxy(ask);
    const basic = await platform.plane.audit.query('clinic-p', { action: 'proxy.egress.completed' }, 100);
    expect(basic.items.at(-1)!.details).not.toHaveProperty('hops');
    expect(basic.items.at(-1)!.details).not.toHaveProperty('headerNames');
  });

  it('takes a null body and null headers as none (the schema allows them)', async () => {
    const answer = await proxy({
      method: 'POST',
      url: `https://api.mailer.example:${port}/ok`,
      headers: null,
      body: null,
    });

    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(seen.at(-1)!.headers['content-length'] ?? '0').toBe('0');
  });

  it('follows a redirect to an allowlisted place, checking the new hop', async () => {
    const answer = await proxy({ method: 'GET', url: `https://api.mailer.example:${port}/redirect-in` });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.body).path).toBe('/ok?step=2');
  });

  it('refuses a redirect to a host not on the list', async () => {
    const before = seen.length;
    const answer = await proxy({ method: 'GET', url: `https://api.mailer.example:${port}/redirect-out` });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'egress_denied', rule: 'host.not_allowlisted' });
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/redirect-out']);
  });

  it.each([
    [
      'loopback without an allow-range',
      'api.mailer.example',
      'address.loopback',
      { allowedPorts: [] as number[], allowRanges: [] as string[] },
    ],
    ['the metadata service', 'meta.mailer.example', 'address.metadata', undefined],
    ['a mixed answer (rebinding)', 'mixed.mailer.example', 'address.private', undefined],
  ])('refuses a name resolving to %s', async (_, host, rule, egress) => {
    const before = seen.length;
    const handler = egress
      ? lane({
          egress: {
            ...egress,
            allowedPorts: [port],
            tenantOverrides: () => ({ allow: ['*.mailer.example'] }),
          },
        })
      : lane();
    const answer = await proxy({ method: 'GET', url: `https://${host}:${port}/ok` }, handler);

    expect(answer.status).toBe(403);
    expect(answer.body.rule, JSON.stringify(answer.body)).toBe(rule);
    expect(seen.length).toBe(before);
  });

  it.each([
    [`http://api.mailer.example/ok`, 'scheme.https_only'],
    [`https://user:pw@api.mailer.example/ok`, 'url.userinfo'],
    [`https://169.254.169.254/latest/meta-data/`, 'address.metadata'],
    [`https://api.mailer.example.evil.net/`, 'proxy.egress.not_allowlisted'],
  ])('refuses %s', async (url, rule) => {
    const answer = await proxy({ method: 'GET', url });

    expect(answer.status).toBe(403);
    expect([answer.body.rule, ...(answer.body.reasons ?? [])].join(' ')).toMatch(
      rule === 'proxy.egress.not_allowlisted' ? /allowed_domains/ : new RegExp(rule.replace('.', '\\.')),
    );
  });

  it('ends an oversized response with a clear error', async () => {
    const answer = await proxy({ method: 'GET', url: `https://api.mailer.example:${port}/big` });

    expect(answer.status).toBe(413);
    expect(answer.body.detail).toContain('exceeds 100000 bytes');
  });

  it('refuses a reference to a secret the installation does not have', async () => {
    const answer = await proxy({
      method: 'GET',
      url: `https://api.mailer.example:${port}/ok`,
      headers: { 'X-Key': '{{secret:nope}}' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].pointer).toBe('/headers/X-Key');
  });

  it('refuses a header name that is no HTTP token, or a value with a line break, as the caller’s mistake', async () => {
    for (const [headers, pointer] of [
      [{ 'bad header': 'x' }, '/headers/bad header'],
      [{ 'X-Path/Name': 'x' }, '/headers/X-Path~1Name'],
      [{ 'X-Ok': 'one\r\nX-Injected: two' }, '/headers/X-Ok'],
    ] as const) {
      const answer = await proxy({ method: 'GET', url: `https://api.mailer.example:${port}/ok`, headers });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors).toEqual([{ pointer, message: expect.any(String) }]);
    }
  });

  it('refuses forged and other installations’ credentials', async () => {
    const other = await platform.credentials.issue({
      tenantId: 'clinic-p',
      installationId: 'someone-else',
      pluginId: 'notifier',
      pluginVersion: '1.0.0',
    });

    expect(
      (
        await call(lane(), 'POST', '/v1/proxy', {
          token: other.token,
          body: { method: 'GET', url: 'https://api.mailer.example/' },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call(lane(), 'POST', '/v1/proxy', {
          token: 'a.b.c',
          body: { method: 'GET', url: 'https://api.mailer.example/' },
        })
      ).status,
    ).toBe(401);
  });
});
