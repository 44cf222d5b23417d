import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DevIssuer } from '../../../adapters/identity/dev-issuer';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { catalogApi } from '../../../functions/catalog/api';
import { tenantsApi } from '../../../functions/tenants/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';

const INSTALL = '/v1/tenants/{tenantId}/installations';

describe('authentication and authorization on the control plane', () => {
  let platform: TestPlatform;
  let installations: ReturnType<typeof installationRoutes>;
  let ops: string;

  beforeAll(async () => {
    platform = await testPlatform();
    installations = installationRoutes(platform.plane);
    ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    for (const id of ['clinic-a', 'clinic-b']) {
      await call(tenantsApi(platform.plane), 'POST', '/v1/tenants', { token: ops, body: { id, name: id } });
    }
    await call(catalogApi(platform.plane), 'POST', '/v1/plugins', { token: ops, body: notifierManifest() });
  });

  const install = (token?: string, tenantId = 'clinic-a') =>
    call(installations, 'POST', INSTALL, {
      token,
      params: { tenantId },
      body: { pluginId: 'notifier', consent: true },
    });

  const nothingInstalled = async () => {
    expect(await platform.plane.installations.get('clinic-a', 'notifier')).toBeUndefined();
    expect(await platform.plane.installations.get('clinic-b', 'notifier')).toBeUndefined();
  };

  const lastAudit = async (tenantId: string) => {
    const page = await platform.plane.audit.query(tenantId, {}, 100);
    return page.items.at(-1)!;
  };

  it.each([
    ['missing', async () => undefined, 'A bearer token is required'],
    [
      'expired',
      async () =>
        platform.issuer.issue({ subject: 'pat', tenantId: 'clinic-a', roles: ['plugin_manager'] }, -120),
      'expired',
    ],
    [
      'wrong audience',
      async () =>
        platform.issuer.issue({ subject: 'pat', tenantId: 'clinic-a', roles: ['plugin_manager'] }, 3600, {
          audience: 'someone-else',
        }),
      'aud',
    ],
    [
      'forged (another key)',
      async () =>
        (await DevIssuer.create()).issue({ subject: 'pat', tenantId: 'clinic-a', roles: ['plugin_manager'] }),
      'unknown key',
    ],
    [
      'unsigned (alg none)',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        const claims = {
          sub: 'pat',
          'custom:tenant_id': 'clinic-a',
          'cognito:groups': ['plugin_manager'],
          iss: platform.issuer.issuer,
          aud: platform.issuer.audience,
          iat: now,
          exp: now + 600,
        };
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      },
      'not accepted',
    ],
    [
      'HS256 with a guessed secret',
      async () =>
        new SignJWT({ 'custom:tenant_id': 'clinic-a', 'cognito:groups': ['plugin_manager'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('pat')
          .setIssuer(platform.issuer.issuer)
          .setAudience(platform.issuer.audience)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode('secret')),
      'not accepted',
    ],
  ])('refuses a %s token with 401, audits it, and changes nothing', async (_, token, reason) => {
    const answer = await install(await token());

    expect(answer.status).toBe(401);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(answer.body.detail).toContain(reason);
    const record = await lastAudit(PLATFORM_TENANT_ID);
    expect(record).toMatchObject({
      decision: 'deny',
      action: 'installation.install',
      actor: { id: 'unauthenticated' },
    });
    await nothingInstalled();
  });

  it('refuses the wrong role with 403, audited in the caller’s chain', async () => {
    const viewer = await platform.issuer.issue({
      subject: 'vic',
      tenantId: 'clinic-a',
      roles: ['audit_viewer', 'config_manager'],
    });

    const answer = await install(viewer);

    expect(answer.status).toBe(403);
    expect(answer.body.reasons[0]).toContain('plugin_manager');
    expect(await lastAudit('clinic-a')).toMatchObject({
      decision: 'deny',
      actor: { kind: 'user', id: 'vic' },
      action: 'installation.install',
    });
    await nothingInstalled();
  });

  it('refuses another tenant with 403, audits it in the caller’s own chain only', async () => {
    const manager = await platform.issuer.issue({
      subject: 'pat',
      tenantId: 'clinic-a',
      roles: ['plugin_manager'],
    });
    const before = (await platform.plane.audit.query('clinic-b', {}, 100)).items.length;

    const answer = await install(manager, 'clinic-b');

    expect(answer.status).toBe(403);
    expect(await lastAudit('clinic-a')).toMatchObject({
      decision: 'deny',
      target: { id: 'clinic-b/notifier' },
    });
    expect((await platform.plane.audit.query('clinic-b', {}, 100)).items.length).toBe(before);
    await nothingInstalled();
  });

  it('keeps the platform administrator out of tenants', async () => {
    const answer = await install(ops);

    expect(answer.status).toBe(403);
    await nothingInstalled();
  });

  it('answers an invalid manifest with every field error and registers nothing', async () => {
    const broken = {
      ...notifierManifest(),
      id: 'Bad Id',
      version: 'one',
      traits: ['handles_phi', 'root'],
      allowed_domains: ['https://api.example.com/path'],
      security: { authentication_required: false, data_classification: ['pii'] },
    };

    const answer = await call(catalogApi(platform.plane), 'POST', '/v1/plugins', {
      token: ops,
      body: broken,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('manifest_invalid');
    const pointers = answer.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/id', '/version', '/security/authentication_required', '/allowed_domains/0']),
    );
    expect(answer.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await platform.plane.catalog.get('Bad Id')).toBeUndefined();
  });

  it('refuses malformed JSON and oversized bodies before parsing', async () => {
    const manager = await platform.issuer.issue({
      subject: 'pat',
      tenantId: 'clinic-a',
      roles: ['plugin_manager'],
    });
    const malformed = await call(installations, 'POST', INSTALL, {
      token: manager,
      params: { tenantId: 'clinic-a' },
      rawBody: '{"pluginId":',
    });
    const huge = await call(installations, 'POST', INSTALL, {
      token: manager,
      params: { tenantId: 'clinic-a' },
      rawBody: JSON.stringify({ pluginId: 'x'.repeat(300 * 1024) }),
    });

    expect(malformed.status).toBe(400);
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
    await nothingInstalled();
  });
});
