import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryCanonicalBus } from '../../../adapters/memory/canonical-bus';
import { memoryEnvelope } from '../../../adapters/memory/envelope';
import { memoryPluginCredentials } from '../../../adapters/memory/plugin-credentials';
import { memoryRateLimiter } from '../../../adapters/memory/rate-limiter';
import { memoryRegistry } from '../../../adapters/memory/registry';
import { authenticatedUser } from '../../../application/authenticate';
import { guard } from '../../../application/guard';
import { canonicalPublish } from '../../../application/lanes/canonical-publish';
import { operatorCall } from '../../../application/lanes/operator-call';
import { pluginPrincipal } from '../../../application/lanes/plugin-principal';
import { proxyEgress } from '../../../application/lanes/proxy-egress';
import { DedicatedKeyMissingError } from '../../../application/tenants/dedicated-key-missing';
import { createTenant } from '../../../application/tenants/tenants';
import type { AuditRecord } from '../../../core/audit';
import {
  AuthenticationError,
  EgressDeniedError,
  PolicyDeniedError,
  RateLimitedError,
  type VivifiedError,
} from '../../../core/errors';
import type { Installation } from '../../../core/installation/types';
import type { InstallationState } from '../../../core/lifecycle';
import type { PluginManifest } from '../../../core/manifest/types';
import type { PluginPrincipal } from '../../../core/policy';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { manifest, OTHER_TENANT, platformAdmin, TENANT, user } from '../policy/fixtures';

// Every kind of refusal, through the application layer with the memory adapters: each is audited
// in the caller's own chain (the platform's when the caller is unknown) with its reasons, counted,
// and answered with its own error, status and problem code.

const route = { kind: 'route', id: 'POST /v1/lanes/test' };

/** The ports a refusal touches, and what they saw. */
async function world(state: InstallationState = 'Active', shape: Partial<PluginManifest> = {}) {
  const audit = memoryAuditLog();
  const registry = memoryRegistry();
  const counted: string[] = [];
  const metrics = { addMetric: (name: string) => void counted.push(name) };
  const credentials = memoryPluginCredentials();
  const caller = { ...manifest({ id: 'scheduler', calls: ['storage.read'] }), ...shape };
  await registry.catalog.register(caller, 'operator-1', '2026-01-01T00:00:00.000Z');
  const installation: Installation = {
    tenantId: TENANT,
    pluginId: caller.id,
    installationId: 'inst-scheduler',
    pluginVersion: caller.version,
    state,
    rev: 1,
    config: {},
    sealedSecrets: {},
    resources: {},
    health: { consecutiveFailures: 0, history: [] },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'admin-1',
  };
  await registry.installations.create(installation);
  const { token } = await credentials.issue(installation);
  const deps = {
    ...registry,
    audit,
    metrics,
    rateLimiter: memoryRateLimiter(),
    tierOf: async () => 'standard' as const,
  };
  const call = { action: 'operator.call', route, traceId: 'trace-1', credential: token, claimed: {} };
  const chain = async (tenantId: string) => (await audit.query(tenantId, {}, 100)).items;
  return { deps, credentials, call, chain, counted, installation };
}

const principalOf = (installation: Installation, m: PluginManifest): PluginPrincipal => ({
  kind: 'plugin',
  tenantId: installation.tenantId,
  installationId: installation.installationId,
  pluginId: installation.pluginId,
  manifest: m,
});

/** The error a promise rejects with. */
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error as VivifiedError,
  );

const deny = (record: AuditRecord | undefined) => ({
  decision: record?.decision,
  action: record?.action,
  actor: record?.actor,
  reasons: record?.reasons,
});

describe('every refusal goes through the guard', () => {
  it('a policy denial is audited in the caller’s chain with its rule, counted, and a 403', async () => {
    // Prepare
    const { deps, chain, counted } = await world();
    const outsider = user(['admin'], OTHER_TENANT);

    // Act
    const error = await refusalOf(
      guard(deps).authorize(
        outsider,
        'installation.read',
        { tenantId: TENANT, pluginId: 'scheduler' },
        { traceId: 't', target: { kind: 'installation', id: `${TENANT}/scheduler` } },
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect([error.status, error.code]).toEqual([403, 'forbidden']);
    const [record] = await chain(OTHER_TENANT);
    expect(deny(record)).toEqual({
      decision: 'deny',
      action: 'installation.read',
      actor: { kind: 'user', id: outsider.subject },
      reasons: (error as PolicyDeniedError).reasons,
    });
    expect(record?.details).toMatchObject({ rule: expect.any(String) });
    expect(await chain(TENANT)).toEqual([]);
    expect(counted).toEqual(['DecisionsDenied']);
  });

  it('a refusal before policy can decide (no such target) is audited and a 403', async () => {
    // Prepare
    const { deps, chain, counted, installation } = await world();
    const principal = principalOf(installation, manifest({ id: 'scheduler', calls: ['storage.read'] }));

    // Act
    const error = await refusalOf(
      operatorCall(
        {
          ...deps,
          signer: { sign: async () => 'signature' },
          endpoints: { endpointOf: async () => undefined, forget: () => undefined },
          callPlugin: async () => expect.fail('nothing is forwarded'),
        },
        { principal, traceId: 't', targetPluginId: 'storage', operation: 'read', body: {} },
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(error.status).toBe(403);
    expect(deny((await chain(TENANT))[0])).toEqual({
      decision: 'deny',
      action: 'operator.call',
      actor: { kind: 'plugin', id: 'inst-scheduler' },
      reasons: [`storage is not installed in tenant ${TENANT}`],
    });
    expect(counted).toEqual(['DecisionsDenied']);
  });

  it('a user who cannot be authenticated is audited in the platform’s chain and a 401', async () => {
    // Prepare
    const { deps, chain, counted } = await world();
    const refused = new AuthenticationError('Authentication failed: the token has expired.');

    // Act
    const error = await refusalOf(
      authenticatedUser(
        {
          ...deps,
          authenticate: async () => {
            throw refused;
          },
        },
        { authorization: 'Bearer stale' },
        { action: 'tenant.list', route, traceId: 't', details: { params: {} } },
      ),
    );

    // Assess
    expect(error).toBe(refused);
    expect([error.status, error.code]).toEqual([401, 'unauthenticated']);
    const [record] = await chain(PLATFORM_TENANT_ID);
    expect(deny(record)).toEqual({
      decision: 'deny',
      action: 'tenant.list',
      actor: { kind: 'user', id: 'unauthenticated' },
      reasons: [refused.message],
    });
    expect(record?.target).toEqual(route);
    expect(counted).toEqual(['DecisionsDenied']);
  });

  it('a plugin whose credential does not verify, or is for a removed installation, is audited and a 401', async () => {
    // Prepare
    const { deps, credentials, call, chain } = await world();
    const stale = await credentials.issue({
      tenantId: TENANT,
      installationId: 'inst-before-reinstall',
      pluginId: 'scheduler',
      pluginVersion: '1.0.0',
    });

    // Act
    const forged = await refusalOf(pluginPrincipal(deps, credentials, { ...call, credential: 'forged' }));
    const removed = await refusalOf(pluginPrincipal(deps, credentials, { ...call, credential: stale.token }));

    // Assess
    for (const error of [forged, removed]) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.status).toBe(401);
    }
    expect((await chain(PLATFORM_TENANT_ID)).map(deny)).toEqual([
      {
        decision: 'deny',
        action: 'operator.call',
        actor: { kind: 'plugin', id: 'unauthenticated' },
        reasons: [forged.message],
      },
      {
        decision: 'deny',
        action: 'operator.call',
        actor: { kind: 'plugin', id: 'unauthenticated' },
        reasons: [removed.message],
      },
    ]);
    expect(removed.message).toMatch(/no longer exists/);
  });

  it('a plugin that is not running is audited in its own chain and a 403', async () => {
    // Prepare
    const { deps, credentials, call, chain } = await world('Disabled');

    // Act
    const error = await refusalOf(pluginPrincipal(deps, credentials, call));

    // Assess
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(deny((await chain(TENANT))[0])).toEqual({
      decision: 'deny',
      action: 'operator.call',
      actor: { kind: 'plugin', id: 'inst-scheduler' },
      reasons: ['the calling installation is Disabled; only running installations use the lanes'],
    });
  });

  it('identity headers that disagree with the credential are recorded as refused, and the call goes on', async () => {
    // Prepare
    const { deps, credentials, call, chain, counted } = await world('Unhealthy');

    // Act
    const { principal } = await pluginPrincipal(deps, credentials, {
      ...call,
      claimed: { tenant: OTHER_TENANT, caller: 'storage' },
    });

    // Assess
    expect(principal.tenantId).toBe(TENANT);
    const [record] = await chain(TENANT);
    expect(deny(record)).toEqual({
      decision: 'deny',
      action: 'identity.mismatch',
      actor: { kind: 'plugin', id: 'inst-scheduler' },
      reasons: ['caller-supplied identity headers disagree with the verified credential; they were ignored'],
    });
    expect(record?.details).toEqual({ claimedTenant: OTHER_TENANT, claimedCaller: 'storage' });
    expect(await chain(OTHER_TENANT)).toEqual([]);
    expect(counted).toEqual(['DecisionsDenied']);
  });

  it('the egress guard’s refusal is audited with its rule and a 403 egress_denied', async () => {
    // Prepare
    const shape = { allowed_domains: ['api.mailer.example'], traits: ['external_service'] };
    const { deps, chain, counted, installation } = await world('Active', shape);
    const principal = principalOf(installation, { ...manifest({ id: 'scheduler' }), ...shape });

    // Act
    const error = await refusalOf(
      proxyEgress(
        { ...deps, envelope: memoryEnvelope(), egress: async () => expect.fail('nothing leaves') },
        { principal, installation, traceId: 't', ask: { method: 'GET', url: 'http://api.mailer.example/x' } },
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect([error.status, error.code]).toEqual([403, 'egress_denied']);
    const [record] = await chain(TENANT);
    expect(deny(record)).toEqual({
      decision: 'deny',
      action: 'proxy.egress',
      actor: { kind: 'plugin', id: 'inst-scheduler' },
      reasons: [error.message],
    });
    expect(record?.details).toMatchObject({
      rule: (error as EgressDeniedError).rule,
      host: 'api.mailer.example',
    });
    expect(counted).toEqual(['DecisionsDenied']);
  });

  it.each([
    [
      'an ambiguous URL, judged on its raw text',
      'https://evil.example\\api.mailer.example/x',
      'url.ambiguous',
      { kind: 'host', id: 'evil.example' },
      { host: 'evil.example', path: '/api.mailer.example/x' },
    ],
    [
      'a URL with a tab',
      'https://api.mailer.example/\tx',
      'url.control_character',
      { kind: 'host', id: 'api.mailer.example' },
      {},
    ],
    [
      'a URL no parser reads',
      'https//api.mailer.example',
      'url.invalid',
      { kind: 'url', id: '(unparseable)' },
      {},
    ],
  ])('%s is refused before anything else, audited with its rule', async (_, url, rule, target, described) => {
    // Prepare
    const shape = { allowed_domains: ['api.mailer.example', 'evil.example'], traits: ['external_service'] };
    const { deps, chain, counted, installation } = await world('Active', shape);
    const principal = principalOf(installation, { ...manifest({ id: 'scheduler' }), ...shape });

    // Act
    const error = await refusalOf(
      proxyEgress(
        { ...deps, envelope: memoryEnvelope(), egress: async () => expect.fail('nothing leaves') },
        { principal, installation, traceId: 't', ask: { method: 'GET', url } },
      ),
    );

    // Assess
    expect([error.status, error.code, (error as EgressDeniedError).rule]).toEqual([
      403,
      'egress_denied',
      rule,
    ]);
    const [record] = await chain(TENANT);
    expect(record).toMatchObject({
      decision: 'deny',
      action: 'proxy.egress',
      target,
      reasons: [error.message],
    });
    expect(record?.details).toMatchObject({ method: 'GET', rule, ...described });
    expect(counted).toEqual(['DecisionsDenied']);
  });

  it('a secret referred to on a host it is not bound to is refused and audited by its setting’s name', async () => {
    // Prepare
    const shape = {
      allowed_domains: ['api.mailer.example', 'files.mailer.example'],
      traits: ['external_service'],
      config: {
        type: 'object',
        properties: {
          apiToken: { type: 'string', 'x-secret': true, 'x-secret-hosts': ['api.mailer.example'] },
        },
      },
    };
    const { deps, chain, installation } = await world('Active', shape);
    const principal = principalOf(installation, { ...manifest({ id: 'scheduler' }), ...shape });

    // Act
    const error = await refusalOf(
      proxyEgress(
        { ...deps, envelope: memoryEnvelope(), egress: async () => expect.fail('nothing leaves') },
        {
          principal,
          installation: { ...installation, sealedSecrets: { apiToken: 'sealed' } },
          traceId: 't',
          ask: {
            method: 'GET',
            url: 'https://files.mailer.example/x',
            headers: { 'X-Key': '{{secret:apiToken}}' },
          },
        },
      ),
    );

    // Assess
    expect([error.status, (error as EgressDeniedError).rule]).toEqual([403, 'secret.host_not_bound']);
    expect(error.message).toBe(
      'the secret apiToken may be sent only to api.mailer.example, not to files.mailer.example',
    );
    const [, record] = await chain(TENANT);
    expect(record).toMatchObject({ decision: 'deny', action: 'proxy.egress', reasons: [error.message] });
    expect(record?.details).toMatchObject({ rule: 'secret.host_not_bound', setting: 'apiToken' });
  });

  it('an unknown canonical event type is audited and a 403, before anything is put', async () => {
    // Prepare
    const { deps, chain, installation } = await world();
    const bus = memoryCanonicalBus();

    // Act
    const error = await refusalOf(
      canonicalPublish(
        {
          ...deps,
          bus,
          busName: 'bus',
          viewsOf: async () => ({ views: new Map(), detail: new Map() }),
          now: () => new Date(),
        },
        {
          principal: principalOf(installation, manifest({ id: 'scheduler' })),
          traceId: 't',
          events: [{ type: 'NoSuchEvent.v1', data: {} }],
        },
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(deny((await chain(TENANT))[0])).toEqual({
      decision: 'deny',
      action: 'canonical.publish',
      actor: { kind: 'plugin', id: 'inst-scheduler' },
      reasons: ['NoSuchEvent.v1 is not a canonical event type'],
    });
  });

  it('a call over a rate limit is audited with the limit it reached, and a 429 with Retry-After', async () => {
    // Prepare: the manifest allows 2 events a minute; a batch of 3 is more than the window holds.
    const { deps, chain, counted, installation } = await world();
    const publisher = {
      ...manifest({
        id: 'scheduler',
        publishes: ['UserCreated.v1'],
        traits: ['handles_phi', 'handles_pii', 'audit_required'],
        classifications: ['internal', 'pii', 'phi'],
      }),
      rate_limits: { events_per_minute: 2 },
    };
    const bus = memoryCanonicalBus();
    const events = [1, 2, 3].map(() => ({ type: 'UserCreated.v1', data: {} }));

    // Act
    const error = await refusalOf(
      canonicalPublish(
        {
          ...deps,
          bus,
          busName: 'bus',
          viewsOf: async () => ({ views: new Map(), detail: new Map() }),
          now: () => new Date(),
        },
        { principal: principalOf(installation, publisher), traceId: 't', events },
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(RateLimitedError);
    expect([error.status, error.code]).toEqual([429, 'rate_limited']);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const record = (await chain(TENANT)).at(-1);
    expect(deny(record)).toEqual({
      decision: 'deny',
      action: 'canonical.publish',
      actor: { kind: 'plugin', id: 'inst-scheduler' },
      reasons: [error.message],
    });
    expect(record?.details).toEqual({
      cost: 3,
      limit: {
        scope: 'installation',
        key: `${TENANT}/inst-scheduler`,
        limit: 2,
        windowSeconds: 60,
        source: 'manifest',
      },
    });
    expect(error.message).toMatch(/^Too many calls: the canonical lane's installation limit of 2 per 60s/);
    expect(bus.events).toEqual([]);
    expect(counted.filter((c) => c === 'DecisionsDenied')).toHaveLength(1);
  });

  it('an allowed action whose outcome is a refusal is audited as denied and answers its own error (409)', async () => {
    // Prepare
    const { deps, chain, counted } = await world();

    // Act
    const error = await refusalOf(
      createTenant(
        { ...deps, envelope: memoryEnvelope(), now: () => new Date() },
        { principal: platformAdmin, traceId: 't', body: { id: 'clinic-z', name: 'Z', keyMode: 'dedicated' } },
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(DedicatedKeyMissingError);
    expect([error.status, error.code]).toEqual([409, 'dedicated_key_not_provisioned']);
    const records = await chain(PLATFORM_TENANT_ID);
    expect(records.map((r) => [r.action, r.decision])).toEqual([
      ['tenant.create', 'allow'],
      ['tenant.create.refused', 'deny'],
    ]);
    expect(records[1]?.reasons).toEqual([error.message]);
    expect(counted).toEqual(['DecisionsAllowed', 'DecisionsDenied']);
  });
});
