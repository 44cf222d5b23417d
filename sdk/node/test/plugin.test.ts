import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevPlatform } from '../../../cli/dev/platform';
import type { PluginManifest as HostManifest } from '../../../core/manifest/types';
import { eventually } from '../../../test/support/http';
import { messagesLeft, type SdkPlatform, startSdkPlatform } from '../../../test/support/sdk-platform';
import { uniqueName } from '../../../test/support/unique';
import {
  type CanonicalEvent,
  createPlugin,
  EgressDeniedError,
  OperationError,
  type Plugin,
  PolicyDeniedError,
  VivifiedError,
} from '../src';

const PARTNER = 'api.partner.example';
// The runtime starts this placeholder for each installation and hands out its port; the test runs
// the SDK plugin itself in this process on that port, so it can watch what the plugin sees.
const PLACEHOLDER = ['node', '-e', 'setInterval(() => {}, 1 << 30)'];

const runtime = {
  image: 'public.ecr.aws/vivified/sdk-test:1.0.0',
  cpu: 256,
  memory: 512,
  port: 8080,
  health_path: '/health',
  local_command: PLACEHOLDER,
};

const callerManifest: HostManifest = {
  id: 'sdk-caller',
  name: 'SDK caller',
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  // UserCreated.v1 may carry PHI (date of birth, MRN), so its publishers must be cleared for it.
  traits: ['handles_phi', 'handles_pii', 'audit_required', 'external_service'],
  security: { authentication_required: true, data_classification: ['internal', 'pii', 'phi'] },
  compliance: { data_retention_days: 2555 },
  allowed_domains: [PARTNER],
  runtime,
  events: { publishes: ['UserCreated.v1'] },
  operations: { calls: ['sdk-target.echo', 'sdk-target.refuse'] },
  config: {
    type: 'object',
    properties: { region: { type: 'string' }, token: { type: 'string', minLength: 8, 'x-secret': true } },
    additionalProperties: false,
  },
};

// Cleared for internal data only: it receives users without their email address or name.
const targetManifest: HostManifest = {
  id: 'sdk-target',
  name: 'SDK target',
  version: '1.0.0',
  contracts: ['StoragePlugin'],
  traits: [],
  security: { authentication_required: true, data_classification: ['internal'] },
  runtime,
  events: { subscribes: ['UserCreated.v1'] },
  operations: {
    exposes: {
      echo: { method: 'POST', path: '/echo', data_classification: 'internal' },
      refuse: { method: 'POST', path: '/refuse', data_classification: 'internal' },
      secret: { method: 'POST', path: '/secret', data_classification: 'internal' },
    },
  },
};

const user = (userId: string) => ({
  userId,
  email: `${userId}@clinic.example`,
  name: 'Test Patient',
  roles: [],
  createdAt: '2026-11-24T10:00:00Z',
});

describe('@vivified/plugin-sdk against vivified dev', () => {
  const tenant = uniqueName('sdk', 30);
  let platform: DevPlatform;
  let sdk: SdkPlatform;
  let caller: Plugin;
  let target: Plugin;
  let targetPort = 0;
  let targetQueue = '';
  const received: CanonicalEvent[] = [];
  const failOnce = new Set<string>();

  // The runtime starts a placeholder per installation; the test serves each plugin on its port.
  async function installAndEnable(manifest: HostManifest, config?: Record<string, unknown>) {
    const { installation, port } = await sdk.installAndEnable(manifest, config);
    const { token } = await platform.plane.credentials.issue(installation);
    return {
      apiUrl: platform.url,
      credential: token,
      installationId: installation.installationId,
      queueUrl: installation.resources.queueUrl,
      port,
    };
  }

  beforeAll(async () => {
    sdk = await startSdkPlatform({ prefix: uniqueName('sdk', 30), tenant, partners: [PARTNER] });
    platform = sdk.platform;

    const targetEnvironment = await installAndEnable(targetManifest);
    targetPort = targetEnvironment.port;
    targetQueue = targetEnvironment.queueUrl!;
    const callerEnvironment = await installAndEnable(callerManifest, {
      region: 'eu',
      token: 'partner-token-1',
    });
    // The runtime's placeholder holds no port: the in-process plugins serve them.
    target = createPlugin({
      manifest: targetManifest,
      environment: targetEnvironment,
      pollWaitSeconds: 1,
      handleSignals: false,
      onError: () => undefined,
    })
      .on('UserCreated.v1', (event) => {
        received.push(event);
        const id = String(event.data.userId);
        if (failOnce.delete(id)) throw new Error('not this time');
      })
      .expose('echo', (payload, who) => ({ payload, caller: who }))
      .expose('refuse', () => {
        throw new OperationError(409, 'already_filed', 'That document is filed already.');
      });
    caller = createPlugin({ manifest: callerManifest, environment: callerEnvironment, handleSignals: false });
    await Promise.all([target.start(), caller.start()]);
  });

  afterAll(async () => {
    await Promise.all([caller?.stop(), target?.stop()]);
    await sdk?.stop();
  });

  it('publishes an event that a subscriber receives redacted to its clearance, then acknowledges it', async () => {
    const result = await caller.publish('UserCreated.v1', user('u-1'));
    expect(result).toMatchObject({ type: 'UserCreated.v1', status: 'published' });
    const event = await eventually('delivery', () => received.find((e) => e.id === result.id));
    expect(event).toMatchObject({ type: 'UserCreated.v1', tenantId: tenant, data: { userId: 'u-1' } });
    expect(event.data).not.toHaveProperty('email');
    expect(event.redacted).toEqual(expect.arrayContaining(['/data/email', '/data/name']));
    // Acknowledged after the handler succeeded: nothing is left on the queue, visible or not.
    expect(
      await eventually(
        'an empty queue',
        async () => ((await messagesLeft(targetQueue)) === 0 ? 'empty' : undefined),
        10,
      ),
    ).toBe('empty');
  });

  it('redelivers an event whose handler failed, until it succeeds', async () => {
    failOnce.add('u-2');
    const { id } = await caller.publish('UserCreated.v1', user('u-2'));
    await eventually('redelivery', () =>
      received.filter((e) => e.id === id).length >= 2 ? true : undefined,
    );
    expect(failOnce.has('u-2')).toBe(false);
  });

  it('calls an exposed operation, which sees the caller the platform vouches for', async () => {
    const answer = await caller.call<{ payload: unknown; caller: { pluginId: string; tenantId: string } }>(
      'sdk-target',
      'echo',
      { documentId: 'd-1' },
    );
    expect(answer).toMatchObject({
      payload: { documentId: 'd-1' },
      caller: { pluginId: 'sdk-caller', tenantId: tenant, operation: 'echo' },
    });
  });

  it('hands an operation’s own refusal back as a typed error', async () => {
    const refusal = await caller.call('sdk-target', 'refuse', {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(VivifiedError);
    expect(refusal).toMatchObject({ status: 409, code: 'already_filed' });
  });

  it('refuses an operation the caller did not declare, with a typed error', async () => {
    const refusal = await caller.call('sdk-target', 'secret', {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PolicyDeniedError);
    expect(refusal).toMatchObject({ status: 403 });
  });

  it('answers only calls the platform signed, and serves its health path to anyone', async () => {
    const direct = await fetch(`http://127.0.0.1:${targetPort}/echo`, {
      method: 'POST',
      headers: { 'x-vivified-caller': 'sdk-caller', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(direct.status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${targetPort}/health`)).status).toBe(200);
  });

  it('fetches through the proxy lane with secrets injected on the way out and scrubbed on the way back', async () => {
    const response = await caller.fetch(`https://${PARTNER}:${sdk.partnerPort}/hello?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer {{secret:token}}' },
      body: 'hi',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/hello?x=1', authorization: 'Bearer ***' });
    expect(sdk.lastAuthorization(PARTNER)).toBe('Bearer partner-token-1');
  });

  it('refuses egress to a host off the allowlist with a typed egress error', async () => {
    const refusal = await caller.fetch('https://evil.example/steal').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EgressDeniedError);
    expect(refusal).toMatchObject({ status: 403, message: expect.stringMatching(/allowed_domains/) });
  });

  it('reads its config with secrets by name only, and renews its credential', async () => {
    expect(await caller.config()).toMatchObject({ values: { region: 'eu' }, secrets: ['token'] });
    expect(JSON.stringify(await caller.config())).not.toContain('partner-token-1');
    await caller.renewCredential();
    expect((await caller.publish('UserCreated.v1', user('u-3'))).status).toBe('published');
  });

  it('stops gracefully: the port closes and stopping again is harmless', async () => {
    await target.stop();
    await target.stop();
    await expect(fetch(`http://127.0.0.1:${targetPort}/health`)).rejects.toThrow();
  });
});
