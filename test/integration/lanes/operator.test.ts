import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperatorSigner, verifyOperatorCall } from '../../../adapters/identity/operator-signing';
import type { PluginManifest } from '../../../core/manifest/types';
import { operatorLane } from '../../../functions/lanes/operator/api';
import { endpointCache } from '../../../functions/lanes/operator/endpoints';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { outsideFunctions } from '../../support/iam/caller';
import { roundTripsDuring } from '../../support/iam/round-trips';
import { installationRoutes } from '../../support/installation-routes';
import { ehrSyncManifest, storageManifest } from '../../support/manifests';
import { withinOneWindow } from '../../support/rate-window';
import { type SeededTenant, seedTenant } from '../../support/seed';

const OPERATOR = '/v1/operator/{targetPluginId}/{operation}';

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
  });

const identityOf = (tenant: SeededTenant, pluginId: string) => {
  const installation = tenant.installations[pluginId]!;
  return {
    tenantId: installation.tenantId,
    installationId: installation.installationId,
    pluginId,
    pluginVersion: installation.pluginVersion,
  };
};

describe('the operator lane', () => {
  let platform: TestPlatform;
  let plugins: Server;
  let signer: OperatorSigner;
  let lane: ReturnType<typeof operatorLane>;
  let a: SeededTenant;
  let b: SeededTenant;
  const received: Array<{
    path: string;
    headers: IncomingMessage['headers'];
    body: string;
    verified?: unknown;
  }> = [];

  beforeAll(async () => {
    signer = await OperatorSigner.generate();
    // Every plugin is played by one loopback server; the runtime's endpoint puts the installation id in the path.
    plugins = createServer(async (request, response) => {
      const body = await readBody(request);
      const [, , installationId, ...rest] = request.url!.split('/');
      const path = `/${rest.join('/')}`;
      const verified = await verifyOperatorCall(
        request.headers['x-vivified-signature'] as string,
        body,
        installationId!,
        signer.jwks,
      ).catch((error: Error) => error.message);
      received.push({ path, headers: request.headers, body, verified });
      if (path === '/slow') {
        setTimeout(() => response.end('{}'), 3_000);
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ document: 'doc-1', echoed: body ? JSON.parse(body) : null }));
    });
    await new Promise<void>((resolve) => plugins.listen(0, '127.0.0.1', resolve));
    const { port } = plugins.address() as AddressInfo;
    platform = await testPlatform({}, { endpointPattern: `http://127.0.0.1:${port}/i/{installationId}` });
    a = await seedTenant(platform, 'clinic-a', [storageManifest(), ehrSyncManifest()]);
    // clinic-b has no storage of its own: only clinic-a's exists anywhere.
    b = await seedTenant(platform, 'clinic-b', [ehrSyncManifest()]);
    lane = operatorLane(platform.lanePlane, {
      identity: platform.credentials,
      signer,
      endpoints: endpointCache(outsideFunctions(platform.plane.runtime)),
      timeoutMs: 1_000,
    });
  });

  afterAll(() => new Promise((resolve) => plugins.close(resolve)));

  const operate = (
    credential: string | undefined,
    target: string,
    operation: string,
    extra: { headers?: Record<string, string> } = {},
  ) =>
    call(lane, 'POST', OPERATOR, {
      token: credential,
      params: { targetPluginId: target, operation },
      body: { id: 'doc-1' },
      ...extra,
    });

  it('round-trips an allowed call with signed caller headers the target can verify', async () => {
    const answer = await operate(a.credentials['ehr-sync'], 'storage', 'getDocument');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ document: 'doc-1', echoed: { id: 'doc-1' } });
    const seen = received.at(-1)!;
    expect(seen.path).toBe('/documents/get');
    expect(seen.headers['x-vivified-caller']).toBe('ehr-sync');
    expect(seen.headers['x-vivified-tenant']).toBe('clinic-a');
    expect(seen.verified).toMatchObject({
      tenantId: 'clinic-a',
      callerPluginId: 'ehr-sync',
      operation: 'getDocument',
    });
    const audit = await platform.plane.audit.query('clinic-a', { action: 'operator.call' }, 100);
    expect(audit.items.at(-1)).toMatchObject({
      decision: 'allow',
      actor: { kind: 'plugin', id: a.installations['ehr-sync']!.installationId },
    });
  });

  it('waits on two AWS round trips in a warm container: the decision record with the rate count, then the outcome a PHI target is audited with', async () => {
    // Prepare: the container has served this caller and target (installations, manifests, tier and chain head held).
    await operate(a.credentials['ehr-sync'], 'storage', 'getDocument');

    // Act
    const [warm] = await roundTripsDuring(() => operate(a.credentials['ehr-sync'], 'storage', 'getDocument'));

    // Assess: issue 20's goal is at most 2. Storage handles PHI, so the call is audited at level
    // detailed (docs/audit.md): its outcome is a record of its own, which exists only after the call.
    expect(warm).toMatchObject({ status: 200, sequential: 2 });
    expect([...warm!.operations].sort()).toEqual([
      'DynamoDB:TransactWriteItems',
      'DynamoDB:TransactWriteItems',
      'DynamoDB:UpdateItem',
      'DynamoDB:UpdateItem',
    ]);
  });

  it.each([
    ['an undeclared operation', () => a.credentials['ehr-sync'], 'deleteAll', 403],
    [
      'an operation whose classification the caller does not cover',
      () => a.credentials['ehr-sync'],
      'getChart',
      403,
    ],
    ['a caller that does not declare any call', () => a.credentials.storage, 'getDocument', 403],
  ])('denies %s', async (_, credential, operation, status) => {
    const before = received.length;

    const answer = await operate(
      credential(),
      operation === 'getDocument' ? 'ehr-sync' : 'storage',
      operation,
    );

    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe('forbidden');
    expect(received.length).toBe(before);
  });

  it("cannot reach another tenant's plugin: its own tenant is the only place it looks", async () => {
    const before = received.length;

    const answer = await operate(b.credentials['ehr-sync'], 'storage', 'getDocument');

    expect(answer.status).toBe(403);
    expect(answer.body.detail).toBe('storage is not installed in tenant clinic-b');
    expect(received.length).toBe(before);
  });

  it('ignores spoofed caller headers, audits the mismatch, and still acts as the verified caller', async () => {
    const answer = await operate(a.credentials['ehr-sync'], 'storage', 'getDocument', {
      headers: { 'X-Vivified-Tenant': 'clinic-b', 'X-Vivified-Caller': 'storage' },
    });

    expect(answer.status).toBe(200);
    expect(received.at(-1)!.headers['x-vivified-tenant']).toBe('clinic-a');
    const mismatch = await platform.plane.audit.query('clinic-a', { action: 'identity.mismatch' }, 100);
    expect(mismatch.items).toHaveLength(1);
  });

  it('denies a disabled target', async () => {
    const manager = a.manager;
    await call(
      installationRoutes(platform.plane),
      'POST',
      '/v1/tenants/{tenantId}/installations/{pluginId}/disable',
      {
        token: manager,
        params: { tenantId: 'clinic-a', pluginId: 'storage' },
      },
    );

    const answer = await operate(a.credentials['ehr-sync'], 'storage', 'getDocument');

    expect(answer.status).toBe(403);
    expect(answer.body.reasons.join(' ')).toContain('Disabled');
    await call(
      installationRoutes(platform.plane),
      'POST',
      '/v1/tenants/{tenantId}/installations/{pluginId}/enable',
      {
        token: manager,
        params: { tenantId: 'clinic-a', pluginId: 'storage' },
      },
    );
  });

  it('answers a slow target with 504 within the timeout', async () => {
    const started = Date.now();

    const answer = await operate(a.credentials['ehr-sync'], 'storage', 'slow');

    expect(answer.status).toBe(504);
    expect(answer.body.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(2_500);
    // The target handles PHI: what became of the call is recorded too.
    const completed = await platform.plane.audit.query(
      'clinic-a',
      { action: 'operator.call.completed' },
      100,
    );
    expect(completed.items.at(-1)).toMatchObject({
      target: { id: 'storage.slow' },
      reasons: [expect.stringMatching(/^failed: /)],
      details: { argumentBytes: 14 },
    });
    expect(completed.items.at(-1)!.details).not.toHaveProperty('status');
  });

  it('records the completion of a call to a PHI plugin in detail: sizes, status and duration, never the argument', async () => {
    const answer = await operate(a.credentials['ehr-sync'], 'storage', 'getDocument');

    expect(answer.status).toBe(200);
    const completed = await platform.plane.audit.query(
      'clinic-a',
      { action: 'operator.call.completed' },
      100,
    );
    const record = completed.items.at(-1)!;
    expect(record).toMatchObject({
      decision: 'allow',
      target: { kind: 'operation', id: 'storage.getDocument' },
      reasons: ['POST answered 200'],
      details: { method: 'POST', path: '/documents/get', argumentBytes: 14, status: 200 },
    });
    expect(record.details!.answerBytes).toBeGreaterThan(0);
    // detailed, not complete: not even the argument's field names.
    expect(record.details).not.toHaveProperty('argumentFields');
    expect(JSON.stringify(record)).not.toContain('doc-1');
  });

  it('records field names at complete, and nothing beyond the decision at the floor', async () => {
    const plainStorage = (version: string, compliance: PluginManifest['compliance']) =>
      storageManifest(version, {
        traits: ['audit_required'],
        security: { authentication_required: true, data_classification: ['internal'] },
        operations: {
          exposes: {
            getDocument: { method: 'POST', path: '/documents/get', data_classification: 'internal' },
          },
        },
        compliance,
      });
    const complete = await seedTenant(platform, 'clinic-c', [
      plainStorage('1.0.3', { data_retention_days: 30, audit_level: 'complete' }),
      ehrSyncManifest(),
    ]);
    const floor = await seedTenant(platform, 'clinic-f', [
      plainStorage('1.0.4', { data_retention_days: 30 }),
      ehrSyncManifest(),
    ]);

    expect((await operate(complete.credentials['ehr-sync'], 'storage', 'getDocument')).status).toBe(200);
    expect((await operate(floor.credentials['ehr-sync'], 'storage', 'getDocument')).status).toBe(200);

    const detailed = await platform.plane.audit.query('clinic-c', { action: 'operator.call.completed' }, 10);
    expect(detailed.items.at(-1)!.details).toMatchObject({
      argumentBytes: 14,
      status: 200,
      argumentFields: ['id'],
    });
    const bare = await platform.plane.audit.query('clinic-f', { action: 'operator.call.completed' }, 10);
    expect(bare.items).toEqual([]);
    const decided = await platform.plane.audit.query('clinic-f', { action: 'operator.call' }, 10);
    expect(decided.items.map((r) => r.decision)).toEqual(['allow']);
  });

  it('answers 429 with Retry-After once the caller passes the limit its manifest declares, and audits it', async () => {
    const strict = await seedTenant(platform, 'clinic-r', [
      storageManifest(),
      ehrSyncManifest('1.0.1', { rate_limits: { operator_calls_per_minute: 2 } }),
    ]);
    const once = () =>
      call(lane, 'POST', OPERATOR, {
        token: strict.credentials['ehr-sync'],
        params: { targetPluginId: 'storage', operation: 'getDocument' },
        body: {},
      });
    await withinOneWindow();

    const answers = [await once(), await once(), await once()];

    expect(answers.map((x) => x.status)).toEqual([200, 200, 429]);
    const retryAfter = 60 - Math.floor((Date.now() % 60_000) / 1000);
    expect(Number(answers[2]!.headers['Retry-After'])).toBeGreaterThanOrEqual(retryAfter - 1);
    expect(Number(answers[2]!.headers['Retry-After'])).toBeLessThanOrEqual(retryAfter);
    expect(answers[2]!.body).toMatchObject({ code: 'rate_limited', status: 429 });
    const [refusal] = (await platform.plane.audit.query('clinic-r', { decision: 'deny' }, 10)).items;
    expect(refusal).toMatchObject({
      action: 'operator.call',
      target: { kind: 'operation', id: 'storage.getDocument' },
      details: { limit: { scope: 'installation', limit: 2, windowSeconds: 60, source: 'manifest' } },
    });
  });

  it.each([
    ['missing', async () => undefined],
    ['forged', async () => `${a.credentials['ehr-sync']!.slice(0, -8)}AAAAAAAA`],
    [
      'expired',
      async () =>
        (await platform.credentials.issue({ ...identityOf(a, 'ehr-sync') }, Date.now() - 7_200_000)).token,
    ],
    [
      "a replaced installation's",
      async () =>
        (
          await platform.credentials.issue({
            ...identityOf(a, 'ehr-sync'),
            installationId: 'a-previous-installation',
          })
        ).token,
    ],
  ])('refuses a %s credential with 401 and audits it', async (_, credential) => {
    const before = received.length;

    const answer = await operate(await credential(), 'storage', 'getDocument');

    expect(answer.status).toBe(401);
    expect(received.length).toBe(before);
    const refused = await platform.plane.audit.query('_platform', { action: 'operator.call' }, 100);
    expect(refused.items.at(-1)).toMatchObject({
      decision: 'deny',
      actor: { kind: 'plugin', id: 'unauthenticated' },
    });
  });
});
