import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayCertificates } from '../../../cli/dev/certificates';
import { proxyLane } from '../../../functions/lanes/proxy/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

// Two allowlisted hosts on one loopback TLS server: api.mailer.example, where the plugin's API
// token belongs, and files.mailer.example, which it may reach but which must never see the token.
const API_TOKEN = 'tok-api-1234567890';
const HOOK_KEY = 'hook-abcdefghij';

describe('the proxy lane: secrets bound to their hosts', () => {
  let platform: TestPlatform;
  let server: Server;
  let port: number;
  let tenant: SeededTenant;
  const tls = throwawayCertificates(['api.mailer.example', 'files.mailer.example']);
  const seen: Array<{ host: string; url: string; headers: Record<string, unknown>; body: string }> = [];
  const manifest = notifierManifest('1.0.0', {
    allowed_domains: ['api.mailer.example', 'files.mailer.example'],
    config: {
      type: 'object',
      properties: {
        sender: { type: 'string' },
        apiToken: { type: 'string', 'x-secret': true, 'x-secret-hosts': ['api.mailer.example'] },
        // No declaration: it may go to every allowed_domains entry.
        hookKey: { type: 'string', 'x-secret': true },
      },
      required: ['sender'],
    },
  });

  const lane = () =>
    proxyLane(platform.lanePlane, {
      identity: platform.credentials,
      resolve: async () => ['127.0.0.1'],
      egress: { allowedPorts: [port], allowRanges: ['127.0.0.1/32'] },
      limits: { ca: [tls.ca], totalTimeoutMs: 5_000 },
    });
  const proxy = (body: unknown) =>
    call(lane(), 'POST', '/v1/proxy', { token: tenant.credentials.notifier, body });
  const api = (path: string) => `https://api.mailer.example:${port}${path}`;
  const files = (path: string) => `https://files.mailer.example:${port}${path}`;
  /** Everything the second host was sent, as one text to search for the secrets. */
  const filesSaw = (since: number) =>
    JSON.stringify(seen.slice(since).filter((s) => s.host.startsWith('files.mailer.example')));

  beforeAll(async () => {
    server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push({ host: request.headers.host!, url: request.url!, headers: request.headers, body });
        const [path] = request.url!.split('?');
        const redirects: Record<string, [number, string]> = {
          '/to-files': [302, files('/landing')],
          '/to-files-307': [307, files('/landing')],
          '/same-origin-307': [307, '/landing'],
          '/to-files-echoing': [302, files(`/cb?token=${String(request.headers.authorization).slice(7)}`)],
          // An ambiguous Location whose refusal would quote the token as the port it reads.
          '/to-files-quoting': [
            302,
            `https://files.mailer.example:${port}\\${String(request.headers.authorization).slice(7)}/`,
          ],
        };
        const redirect = redirects[path!];
        if (redirect) return response.writeHead(redirect[0], { location: redirect[1] }).end();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    platform = await testPlatform();
    tenant = await seedTenant(platform, 'clinic-s', [manifest]);
    const configurer = await platform.issuer.issue({
      subject: 'cam',
      tenantId: 'clinic-s',
      roles: ['config_manager'],
    });
    const configured = await call(
      installationRoutes(platform.plane),
      'PUT',
      '/v1/tenants/{tenantId}/installations/{pluginId}/config',
      {
        token: configurer,
        params: { tenantId: 'clinic-s', pluginId: 'notifier' },
        body: { values: { sender: 'hello@clinic-s.example', apiToken: API_TOKEN, hookKey: HOOK_KEY } },
      },
    );
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    // The config view, which the console's form and `vivified plugins config` show, says where each goes.
    expect(configured.body.secrets).toEqual([
      { name: 'apiToken', set: true, sentTo: ['api.mailer.example'], declared: true },
      { name: 'hookKey', set: true, sentTo: ['api.mailer.example', 'files.mailer.example'], declared: false },
    ]);
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  it('after a 302 from the first host, the second host sees neither secret nor any credential header', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'GET',
      url: api('/to-files'),
      headers: {
        Authorization: 'Bearer {{secret:apiToken}}',
        'X-Hook': '{{secret:hookKey}}',
        Accept: 'application/json',
      },
    });

    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.status).toBe(200);
    const [first, second] = seen.slice(before);
    expect(first).toMatchObject({ host: `api.mailer.example:${port}`, url: '/to-files' });
    expect(first!.headers).toMatchObject({ authorization: `Bearer ${API_TOKEN}`, 'x-hook': HOOK_KEY });
    expect(second).toMatchObject({ host: `files.mailer.example:${port}`, url: '/landing' });
    expect(second!.headers.accept).toBe('application/json');
    // hookKey may go to files.mailer.example, yet not as a redirect's passenger: a cross-origin hop drops all.
    expect(second!.headers).not.toHaveProperty('authorization');
    expect(second!.headers).not.toHaveProperty('x-hook');
    expect(filesSaw(before)).not.toContain(API_TOKEN);
    expect(filesSaw(before)).not.toContain(HOOK_KEY);
  });

  it('a 307 to the second host resends the body but not the secrets', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'POST',
      url: api('/to-files-307'),
      headers: { Authorization: 'Bearer {{secret:apiToken}}', 'content-type': 'application/json' },
      body: '{"to":"someone"}',
    });

    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const second = seen.slice(before)[1]!;
    expect(second).toMatchObject({ host: `files.mailer.example:${port}`, body: '{"to":"someone"}' });
    expect(second.headers).not.toHaveProperty('authorization');
    expect(filesSaw(before)).not.toContain(API_TOKEN);
  });

  it('a 307 within the origin keeps the credentials, as it must', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'POST',
      url: api('/same-origin-307'),
      headers: { Authorization: 'Bearer {{secret:apiToken}}' },
      body: 'x',
    });

    expect(answer.status).toBe(200);
    expect(seen.slice(before).map((s) => [s.url, s.headers.authorization, s.body])).toEqual([
      ['/same-origin-307', `Bearer ${API_TOKEN}`, 'x'],
      ['/landing', `Bearer ${API_TOKEN}`, 'x'],
    ]);
  });

  it('refuses a redirect whose URL would carry the secret to the second host, which is never asked', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'GET',
      url: api('/to-files-echoing'),
      headers: { Authorization: 'Bearer {{secret:apiToken}}' },
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'egress_denied', rule: 'redirect.carries_secret' });
    expect(answer.body.detail).toContain('the secret apiToken in its URL');
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/to-files-echoing']);
    const audit = await platform.plane.audit.query('clinic-s', { action: 'proxy.egress.completed' }, 100);
    expect(audit.items.at(-1)!.reasons[0]).toContain('refused: the redirect to');
    expect(JSON.stringify(audit.items)).not.toContain(API_TOKEN);
  });

  it('never quotes a secret in a refusal of the Location that carries it, to the plugin or the audit log', async () => {
    const answer = await proxy({
      method: 'GET',
      url: api('/to-files-quoting'),
      headers: { Authorization: 'Bearer {{secret:apiToken}}' },
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'egress_denied', rule: 'url.ambiguous' });
    expect(answer.body.detail).toContain('***');
    expect(JSON.stringify(answer.body)).not.toContain(API_TOKEN);
    const audit = await platform.plane.audit.query('clinic-s', { action: 'proxy.egress.completed' }, 100);
    expect(audit.items.at(-1)!.reasons[0]).toContain('refused: the URL is ambiguous');
    expect(JSON.stringify(audit.items)).not.toContain(API_TOKEN);
  });

  it('refuses, and audits by name, a request that places a secret on a host it is not bound to', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'POST',
      url: files('/upload'),
      body: '{"key":"{{secret:apiToken}}"}',
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      code: 'egress_denied',
      rule: 'secret.host_not_bound',
      detail: expect.stringContaining(
        'the secret apiToken may be sent only to api.mailer.example, not to files.mailer.example',
      ),
    });
    expect(seen.length).toBe(before);
    const audit = await platform.plane.audit.query('clinic-s', { action: 'proxy.egress' }, 100);
    const record = audit.items.at(-1)!;
    expect(record).toMatchObject({ decision: 'deny', target: { kind: 'host', id: 'files.mailer.example' } });
    expect(record.details).toMatchObject({ rule: 'secret.host_not_bound', setting: 'apiToken' });
    expect(JSON.stringify(audit.items)).not.toContain(API_TOKEN);
  });

  it('sends a secret without a declaration to any allowed_domains entry', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'GET',
      url: files('/hook'),
      headers: { 'X-Hook': '{{secret:hookKey}}' },
    });

    expect(answer.status).toBe(200);
    expect(seen.slice(before)[0]!.headers['x-hook']).toBe(HOOK_KEY);
  });

  it('refuses an ambiguous URL before anything else, audited with its rule', async () => {
    const before = seen.length;
    const answer = await proxy({
      method: 'GET',
      url: `https://files.mailer.example:${port}\\@api.mailer.example:${port}/x`,
      headers: { Authorization: 'Bearer {{secret:apiToken}}' },
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'egress_denied', rule: 'url.ambiguous' });
    expect(seen.length).toBe(before);
    const audit = await platform.plane.audit.query('clinic-s', { action: 'proxy.egress' }, 100);
    expect(audit.items.at(-1)).toMatchObject({ decision: 'deny', details: { rule: 'url.ambiguous' } });
  });

  // Last: it rotates apiToken for good.
  it('sends a rotated secret from the next request on, though the lane reuses the values it opened', async () => {
    const send = () =>
      proxy({ method: 'GET', url: api('/hook'), headers: { Authorization: 'Bearer {{secret:apiToken}}' } });
    const before = seen.length;
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const configurer = await platform.issuer.issue({
      subject: 'cam',
      tenantId: 'clinic-s',
      roles: ['config_manager'],
    });
    const rotated = await call(
      installationRoutes(platform.plane),
      'PUT',
      '/v1/tenants/{tenantId}/installations/{pluginId}/config',
      {
        token: configurer,
        params: { tenantId: 'clinic-s', pluginId: 'notifier' },
        // hookKey omitted: kept as stored.
        body: { values: { sender: 'hello@clinic-s.example', apiToken: 'tok-api-rotated-0987' } },
      },
    );
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);

    expect((await send()).status).toBe(200);
    expect(seen.slice(before).map((request) => request.headers.authorization)).toEqual([
      `Bearer ${API_TOKEN}`,
      `Bearer ${API_TOKEN}`,
      'Bearer tok-api-rotated-0987',
    ]);
  });
});
