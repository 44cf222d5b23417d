import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { selfService } from '../../../functions/lanes/self/api';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { notifierManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

describe("a plugin's self-service routes", () => {
  let platform: TestPlatform;
  let tenant: SeededTenant;
  let api: ReturnType<typeof selfService>;
  let signer: OperatorSigner;

  beforeAll(async () => {
    platform = await testPlatform();
    tenant = await seedTenant(platform, 'clinic-s', [notifierManifest()]);
    signer = await OperatorSigner.generate();
    api = selfService(platform.lanePlane, {
      credentials: platform.credentials,
      operatorKeys: () => signer.jwks,
    });
    const configurer = await platform.issuer.issue({
      subject: 'cam',
      tenantId: 'clinic-s',
      roles: ['config_manager'],
    });
    await call(
      installationRoutes(platform.plane),
      'PUT',
      '/v1/tenants/{tenantId}/installations/{pluginId}/config',
      {
        token: configurer,
        params: { tenantId: 'clinic-s', pluginId: 'notifier' },
        body: { values: { sender: 'hi@clinic-s.example', apiToken: 'tok-abcdefgh' } },
      },
    );
  });

  it('gives a plugin its own config, with secrets only by name', async () => {
    const answer = await call(api, 'GET', '/v1/self/config', { token: tenant.credentials.notifier });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ values: { sender: 'hi@clinic-s.example' }, secrets: ['apiToken'] });
    expect(JSON.stringify(answer.body)).not.toContain('tok-abcdefgh');
  });

  it('exchanges a valid credential for a fresh one, and refuses without one', async () => {
    const answer = await call(api, 'POST', '/v1/self/credential', { token: tenant.credentials.notifier });

    expect(answer.status).toBe(200);
    expect(await platform.credentials.verify(answer.body.credential)).toMatchObject({
      tenantId: 'clinic-s',
      pluginId: 'notifier',
    });
    expect(Date.parse(answer.body.expiresAt)).toBeGreaterThan(Date.now());
    expect((await call(api, 'POST', '/v1/self/credential', {})).status).toBe(401);
  });

  it('publishes the operator verification keys without the private part', async () => {
    const answer = await call(api, 'GET', '/v1/keys/operator');

    expect(answer.status).toBe(200);
    expect(answer.body.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(answer.body.keys[0]).not.toHaveProperty('d');
  });

  it('serves the API’s OpenAPI document to anyone, as committed, its own route included', async () => {
    const answer = await call(api, 'GET', '/v1/openapi.json');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(readFileSync('schemas/openapi.json', 'utf8')));
    expect(answer.body.paths['/v1/openapi.json'].get.operationId).toBe('apiDocument');
    expect(answer.headers['Cache-Control']).toBe('public, max-age=300');
    // Only public documents choose their caching; everything else (here a refusal) is no-store.
    const refused = await call(api, 'GET', '/v1/self/config');
    expect(refused.status).toBe(401);
    expect(refused.headers['Cache-Control']).toBe('no-store');
  });
});
