import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqs } from '../../../adapters/aws/clients';
import { throwawayCertificates } from '../../../cli/dev/certificates';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import type { PluginManifest as HostManifest } from '../../../core/manifest/types';
import { eventually, jsonClient } from '../../../test/support/http';
import { freePort } from '../../../test/support/ports';
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
  let partner: Server;
  let partnerPort = 0;
  const partnerSaw: Array<string | undefined> = [];
  let caller: Plugin;
  let target: Plugin;
  let targetPort = 0;
  let targetQueue = '';
  const received: CanonicalEvent[] = [];
  const failOnce = new Set<string>();

  const http = jsonClient(() => platform.url);

  async function installAndEnable(manifest: HostManifest, config?: Record<string, unknown>) {
    const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    const admin = await platform.issuer.issue({
      subject: 'ada',
      tenantId: tenant,
      roles: ['plugin_manager', 'config_manager'],
    });
    expect((await http(ops, 'POST', '/v1/plugins', manifest)).status).toBe(201);
    const base = `/v1/tenants/${tenant}/installations`;
    expect((await http(admin, 'POST', base, { pluginId: manifest.id, consent: true })).status).toBe(201);
    if (config)
      expect((await http(admin, 'PUT', `${base}/${manifest.id}/config`, { values: config })).status).toBe(
        200,
      );
    const enabled = await http(admin, 'POST', `${base}/${manifest.id}/enable`);
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    const installation = (await platform.plane.installations.get(tenant, manifest.id))!;
    const { token } = await platform.plane.credentials.issue(installation);
    const { endpoint } = await platform.plane.runtime.status(installation.installationId);
    return {
      apiUrl: platform.url,
      credential: token,
      installationId: installation.installationId,
      queueUrl: installation.resources.queueUrl,
      port: Number(new URL(endpoint!).port),
    };
  }

  beforeAll(async () => {
    const tls = throwawayCertificates([PARTNER]);
    partner = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      partnerSaw.push(request.headers.authorization);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ path: request.url, authorization: request.headers.authorization }));
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    partnerPort = (partner.address() as AddressInfo).port;

    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('sdk', 30),
      healthIntervalSeconds: 3600,
      egress: {
        egress: { allowedPorts: [partnerPort], allowRanges: ['127.0.0.1/32'] },
        resolve: async (host) => (host === PARTNER ? ['127.0.0.1'] : ['93.184.216.34']),
        ca: [tls.ca],
      },
    });
    const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    expect((await http(ops, 'POST', '/v1/tenants', { id: tenant, name: 'SDK' })).status).toBe(201);

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
    await platform?.stop();
    partner?.close();
  });

  it('publishes an event that a subscriber receives redacted to its clearance, then acknowledges it', async () => {
    const result = await caller.publish('UserCreated.v1', user('u-1'));
    expect(result).toMatchObject({ type: 'UserCreated.v1', status: 'published' });
    const event = await eventually('delivery', () => received.find((e) => e.id === result.id));
    expect(event).toMatchObject({ type: 'UserCreated.v1', tenantId: tenant, data: { userId: 'u-1' } });
    expect(event.data).not.toHaveProperty('email');
    expect(event.redacted).toEqual(expect.arrayContaining(['/data/email', '/data/name']));
    // Acknowledged after the handler succeeded: nothing is left on the queue, visible or not.
    const left = async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: targetQueue,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(Attributes?.ApproximateNumberOfMessages) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
      );
    };
    expect(
      await eventually('an empty queue', async () => ((await left()) === 0 ? 'empty' : undefined), 10),
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
    const response = await caller.fetch(`https://${PARTNER}:${partnerPort}/hello?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer {{secret:token}}' },
      body: 'hi',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/hello?x=1', authorization: 'Bearer ***' });
    expect(partnerSaw.at(-1)).toBe('Bearer partner-token-1');
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
