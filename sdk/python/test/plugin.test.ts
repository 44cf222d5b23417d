import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevPlatform } from '../../../cli/dev/platform';
import { operatorCallAudience, operatorCallBodyDigest } from '../../../core/lanes/operator-claims';
import type { PluginManifest as HostManifest } from '../../../core/manifest/types';
// @ts-expect-error — plain ESM script without type declarations, run by npm before any build.
import { ensurePythonVenv } from '../../../scripts/python-sdk-venv.mjs';
import { eventually } from '../../../test/support/http';
import { type SdkPlatform, startSdkPlatform } from '../../../test/support/sdk-platform';
import { uniqueName } from '../../../test/support/unique';
import {
  type CanonicalEvent,
  createPlugin,
  OperationError,
  type Plugin,
  VivifiedError,
} from '../../node/src';
import workerManifest from './worker/manifest.json';

/*
 * The Python SDK against the real platform: `vivified dev` in process starts the Python plugin in
 * test/worker as a local process with the venv's interpreter (its manifest's local_command), and a
 * Node plugin in this process plays its peer. Every lane is crossed both ways between the two SDKs.
 */

const PARTNER = 'api.partner.example';
const PLACEHOLDER = ['node', '-e', 'setInterval(() => {}, 1 << 30)'];
const worker = workerManifest as HostManifest;

// Publishes UserCreated.v1, which may carry PHI, so it is cleared for PHI, and calls the Python
// plugin; its clearance also covers everything in the Python plugin's events, which reach it whole.
const peerManifest: HostManifest = {
  id: 'node-peer',
  name: 'Node peer',
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  traits: ['handles_phi', 'handles_pii', 'audit_required'],
  security: { authentication_required: true, data_classification: ['internal', 'pii', 'phi'] },
  compliance: { data_retention_days: 2555 },
  runtime: {
    ...worker.runtime,
    image: 'public.ecr.aws/vivified/node-peer:1.0.0',
    local_command: PLACEHOLDER,
  },
  events: { publishes: ['UserCreated.v1'], subscribes: ['DocumentProcessed.v1'] },
  operations: {
    exposes: {
      echo: { method: 'POST', path: '/echo', data_classification: 'internal' },
      secret: { method: 'POST', path: '/secret', data_classification: 'internal' },
    },
    calls: Object.keys(worker.operations?.exposes ?? {}).map((operation) => `py-worker.${operation}`),
  },
};

const user = (userId: string) => ({
  userId,
  email: `${userId}@clinic.example`,
  name: 'Test Patient',
  roles: [],
  createdAt: '2026-11-24T10:00:00Z',
});

interface Seen {
  id: string;
  type: string;
  data: Record<string, unknown>;
  redacted: string[];
}

describe('vivified-sdk (Python) against vivified dev', () => {
  const tenant = uniqueName('sdkpy', 30);
  const logDirectory = join(tmpdir(), uniqueName('sdk-python-logs'));
  let sdk: SdkPlatform;
  let platform: DevPlatform;
  let peer: Plugin;
  let workerPort = 0;
  const documents: CanonicalEvent[] = [];

  const workerLog = () => {
    try {
      return readFileSync(join(logDirectory, `${tenant}-py-worker.log`), 'utf8');
    } catch {
      return '';
    }
  };

  beforeAll(async () => {
    // Idempotent: a no-op when `npm run sdk:python:setup` already made the venv.
    ensurePythonVenv();
    sdk = await startSdkPlatform({
      prefix: uniqueName('sdkpy', 30),
      tenant,
      partners: [PARTNER],
      logDirectory,
    });
    platform = sdk.platform;

    workerPort = (await sdk.installAndEnable(worker, { region: 'eu', token: 'partner-token-1' })).port;
    const { installation, port } = await sdk.installAndEnable(peerManifest);
    const { token } = await platform.plane.credentials.issue(installation);
    peer = createPlugin({
      manifest: peerManifest,
      environment: {
        apiUrl: platform.url,
        credential: token,
        installationId: installation.installationId,
        queueUrl: installation.resources.queueUrl,
        port,
      },
      pollWaitSeconds: 1,
      handleSignals: false,
      onError: () => undefined,
    })
      .on('DocumentProcessed.v1', (event) => {
        documents.push(event);
      })
      .expose('echo', (payload, caller) => ({ payload, caller }))
      .expose('secret', () => {
        throw new OperationError(500, 'unreachable', 'The platform lets no undeclared call through.');
      });
    await peer.start();
    // The Python process is up once it answers its health path.
    await eventually(
      "the Python plugin's health",
      async () => (await fetch(`http://127.0.0.1:${workerPort}/health`).catch(() => undefined))?.ok,
      60,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${workerLog().slice(-4000)}`);
    });
  }, 300_000);

  afterAll(async () => {
    await peer?.stop();
    await sdk?.stop();
    rmSync(logDirectory, { recursive: true, force: true });
  });

  const received = () => peer.call<Seen[]>('py-worker', 'received', {});

  it('receives a canonical event redacted to its clearance and publishes one the peer receives', async () => {
    const { id } = await peer.publish('UserCreated.v1', user('u-1'));
    const seen = await eventually('delivery to Python', async () =>
      (await received()).find((event) => event.id === id),
    );
    // Cleared for internal and PHI data but not PII: the name and email never reached it.
    expect(seen).toMatchObject({ type: 'UserCreated.v1', data: { userId: 'u-1' } });
    expect(seen.data).not.toHaveProperty('email');
    expect(seen.redacted).toEqual(expect.arrayContaining(['/data/email', '/data/name']));
    const document = await eventually('the Python plugin’s event', () =>
      documents.find((event) => event.data.documentId === 'welcome-u-1'),
    );
    expect(document).toMatchObject({
      type: 'DocumentProcessed.v1',
      tenantId: tenant,
      data: { pageCount: 1 },
    });
    // The peer is cleared for PHI (and so for the confidential storage reference): nothing removed.
    expect(document.data).toMatchObject({ patientId: 'u-1', storageRef: 's3://letters/u-1.pdf' });
  });

  it('leaves an event its handler failed on for redelivery, and handles it the second time', async () => {
    const { id } = await peer.publish('UserCreated.v1', user('fail-once-2'));
    const document = await eventually(
      'redelivery',
      () => documents.find((event) => event.data.documentId === 'welcome-fail-once-2'),
      45,
    );
    expect(document.data.pageCount).toBe(2);
    expect((await received()).filter((event) => event.id === id)).toHaveLength(2);
  });

  it('serves an operation whose caller it verified from the platform’s signature', async () => {
    const answer = await peer.call<{ payload: unknown; caller: Record<string, string> }>(
      'py-worker',
      'echo',
      {
        documentId: 'd-1',
      },
    );
    expect(answer).toEqual({
      payload: { documentId: 'd-1' },
      caller: expect.objectContaining({ plugin_id: 'node-peer', tenant_id: tenant, operation: 'echo' }),
    });
  });

  it('hands its own OperationError back to the caller as a problem', async () => {
    const refusal = await peer.call('py-worker', 'refuse', {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(VivifiedError);
    expect(refusal).toMatchObject({ status: 409, code: 'already_filed' });
  });

  it('refuses calls the platform did not sign, and serves its health path to anyone', async () => {
    const body = JSON.stringify({ documentId: 'd-1' });
    // A well-formed signature with every right claim, from a key that is not the platform's.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({
      'vivified:tenant': tenant,
      'vivified:caller': 'node-peer',
      'vivified:operation': 'echo',
      'vivified:body': operatorCallBodyDigest(body),
    })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('vivified-operator')
      .setSubject('forger')
      .setAudience(
        operatorCallAudience((await platform.plane.installations.get(tenant, 'py-worker'))!.installationId),
      )
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    const attempts: Record<string, string>[] = [
      { 'x-vivified-caller': 'node-peer' },
      { 'x-vivified-signature': forged },
    ];
    for (const headers of attempts) {
      const direct = await fetch(`http://127.0.0.1:${workerPort}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(direct.status).toBe(401);
    }
    expect((await fetch(`http://127.0.0.1:${workerPort}/health`)).status).toBe(200);
  });

  it('calls another plugin’s operation, and is refused one it did not declare', async () => {
    const { answer, undeclared } = await peer.call<{
      answer: { payload: unknown; caller: { pluginId: string; tenantId: string } };
      undeclared: { raised: string; status: number };
    }>('py-worker', 'callBack', {});
    // The Node SDK verified the platform's signature on the Python plugin's call.
    expect(answer).toMatchObject({
      payload: { from: 'python' },
      caller: { pluginId: 'py-worker', tenantId: tenant },
    });
    expect(undeclared).toEqual({ raised: 'PolicyDeniedError', status: 403 });
  });

  it('fetches through the proxy lane with its secret injected, and gets an egress denial off the allowlist', async () => {
    const report = await peer.call<{
      status: number;
      body: unknown;
      denial: { raised: string; status: number; message: string };
    }>('py-worker', 'egress', { url: `https://${PARTNER}:${sdk.partnerPort}/hello?x=1` });
    expect(report.status).toBe(200);
    // Injected on the way out, scrubbed on the way back: the plugin never held the token.
    expect(sdk.lastAuthorization(PARTNER)).toBe('Bearer partner-token-1');
    expect(report.body).toEqual({ path: '/hello?x=1', authorization: 'Bearer ***' });
    expect(report.denial).toMatchObject({ raised: 'EgressDeniedError', status: 403 });
    expect(report.denial.message).toMatch(/allowed_domains/);
  });

  it('reads its config with secrets by name only, and renews its credential', async () => {
    const settings = await peer.call<{ values: unknown; secrets: string[]; renewed: boolean }>(
      'py-worker',
      'settings',
      {},
    );
    expect(settings).toEqual({ values: { region: 'eu' }, secrets: ['token'], renewed: true });
    expect(JSON.stringify(settings)).not.toContain('partner-token-1');
  });

  it('stops gracefully on SIGTERM when the installation is disabled', async () => {
    await sdk.disable('py-worker');
    const log = await eventually('the Python plugin’s exit', () =>
      /py-worker exited/.test(workerLog()) ? workerLog() : undefined,
    );
    expect(log).toContain('stopped cleanly');
    expect(log).toContain('py-worker exited (0)');
    await expect(fetch(`http://127.0.0.1:${workerPort}/health`)).rejects.toThrow();
  });
});
