import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevPlatform } from '../../../cli/dev/platform';
import * as claims from '../../../core/lanes/operator-claims';
import { awsOperatorSigner } from '../../../functions/shared/platform/aws/operator';
import { eventually } from '../../../test/support/http';
import { messagesLeft, type SdkPlatform, startSdkPlatform } from '../../../test/support/sdk-platform';
import { uniqueName } from '../../../test/support/unique';
import { type CanonicalEvent, createPlugin, type Plugin } from '../../node/src';
import {
  type Described,
  goBuild,
  MAILER,
  type Outcome,
  PARTNER,
  peerManifest,
  probeManifest,
  SDK_GO,
  type SeenEvent,
  user,
} from './fixtures';

/*
 * The Go SDK through the real platform: `vivified dev` in process, the Go probe plugin
 * (sdk/go/test/probe) built and started by the platform's own runtime as the manifest's
 * local_command, and a Node SDK plugin in this process as its counterpart on every lane.
 */

describe('the Go SDK against vivified dev', () => {
  const tenant = uniqueName('sdkgo', 30);
  const work = mkdtempSync(join(tmpdir(), 'vivified-sdk-go-'));
  const logDirectory = join(work, 'logs');
  let sdk: SdkPlatform;
  let platform: DevPlatform;
  let peer: Plugin;
  let probePort = 0;
  let probeInstallation = '';
  let probeQueue = '';
  const payments: CanonicalEvent[] = [];

  /** Calls one of the probe's operations as the peer, through the operator lane. */
  const probe = <T = Outcome>(operation: string, payload: unknown = {}) =>
    peer.call<T>('go-probe', operation, payload, { timeoutMs: 20_000 });

  beforeAll(async () => {
    // Built, not `go run`: the runtime restarts a crashed plugin, and each restart would compile again.
    const binary = join(work, 'probe');
    await goBuild(binary, './test/probe');
    const manifestPath = join(work, 'go-probe.json');
    const manifest = probeManifest([binary, manifestPath]);
    writeFileSync(manifestPath, JSON.stringify(manifest));

    // As the README says to: the notifier's manifest runs sdk/go/bin/notifier.
    await goBuild('bin/notifier', './examples/notifier');

    sdk = await startSdkPlatform({
      prefix: uniqueName('sdkgo', 30),
      tenant,
      partners: [PARTNER, MAILER],
      logDirectory,
    });
    platform = sdk.platform;

    const peerInstalled = await sdk.installAndEnable(peerManifest);
    const probeInstalled = await sdk.installAndEnable(manifest, { region: 'eu', token: 'partner-token-1' });
    probePort = probeInstalled.port;
    probeInstallation = probeInstalled.installation.installationId;
    probeQueue = probeInstalled.installation.resources.queueUrl!;

    const { token } = await platform.plane.credentials.issue(peerInstalled.installation);
    peer = createPlugin({
      manifest: peerManifest,
      environment: {
        apiUrl: platform.url,
        credential: token,
        installationId: peerInstalled.installation.installationId,
        queueUrl: peerInstalled.installation.resources.queueUrl,
        port: peerInstalled.port,
      },
      pollWaitSeconds: 1,
      handleSignals: false,
      onError: () => undefined,
    })
      .on('PaymentReceived.v1', (event) => void payments.push(event))
      .expose('echo', (payload, caller) => ({ payload, caller }));
    await peer.start();
    // The probe is a process of its own: it is ready when its health path answers.
    await eventually(
      'the Go probe answering its health path',
      async () => (await fetch(`http://127.0.0.1:${probePort}/health`).catch(() => undefined))?.ok,
      60,
    );
  }, 300_000);

  afterAll(async () => {
    await peer?.stop();
    await sdk?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('spells the operator-call claims as core/lanes/operator-claims.ts does', () => {
    const go = readFileSync(join(SDK_GO, 'operator_claims.go'), 'utf8');
    const spelled = [
      claims.OPERATOR_CALL_ISSUER,
      claims.OPERATOR_CALL_ALGORITHM,
      claims.OPERATOR_CALL_HEADERS.signature,
      claims.OPERATOR_CALL_HEADERS.timeoutMs,
      claims.operatorCallAudience(''),
      ...claims.REQUIRED_OPERATOR_CLAIMS,
      'vivified:trace',
    ];
    for (const value of spelled) expect(go).toContain(`"${value}"`);
    // The body digest is the same function of the same bytes: operator_claims_test.go holds Go to this vector.
    expect(claims.operatorCallBodyDigest('{"a":1}')).toBe('AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX-GI');
  });

  it('receives an event redacted to its clearance, acknowledges it, and publishes one in turn', async () => {
    const published = await peer.publish('UserCreated.v1', user('u-1'));
    expect(published.status).toBe('published');
    const seen = await eventually('delivery to the Go probe', async () =>
      (await probe<SeenEvent[]>('seen')).find((event) => event.id === published.id),
    );
    expect(seen).toMatchObject({
      type: 'UserCreated.v1',
      tenantId: tenant,
      data: { userId: 'u-1', name: 'Test Patient' },
    });
    expect(seen.data).not.toHaveProperty('dateOfBirth');
    expect(seen.redacted).toEqual(['/data/dateOfBirth']);
    const payment = await eventually('the probe’s payment', () =>
      payments.find((event) => event.data.invoiceId === published.id),
    );
    expect(payment).toMatchObject({ type: 'PaymentReceived.v1', data: { paymentId: 'pay-u-1' } });
    // Deleted once handled: nothing is left on the probe's queue, visible or not.
    expect(
      await eventually(
        'an empty queue',
        async () => ((await messagesLeft(probeQueue)) === 0 ? 'empty' : undefined),
        10,
      ),
    ).toBe('empty');
  });

  it('leaves an event whose handler failed on the queue, and handles it when it comes again', async () => {
    const { id } = await peer.publish('UserCreated.v1', user('fail-once-1'));
    const deliveries = await eventually('redelivery', async () => {
      const times = (await probe<SeenEvent[]>('seen')).filter((event) => event.id === id).length;
      return times >= 2 ? times : undefined;
    });
    expect(deliveries).toBe(2);
    await eventually('the payment after the retry', () =>
      payments.find((event) => event.data.invoiceId === id),
    );
  });

  it('serves an operation to the caller the platform vouches for, and hands its refusal back typed', async () => {
    const answer = await probe<Described>('describe', { documentId: 'd-1' });
    expect(answer).toMatchObject({
      payload: { documentId: 'd-1' },
      caller: { pluginId: 'sdk-peer', tenantId: tenant, operation: 'describe' },
    });
    expect(answer.caller.traceId).not.toBe('');
    const refusal = await probe('refuse').catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      status: 409,
      code: 'already_filed',
      message: 'That document is filed already.',
    });
  });

  it('refuses a call the platform did not sign, or signed for another body, and answers health to anyone', async () => {
    const direct = (signature?: string, body = '{}') =>
      fetch(`http://127.0.0.1:${probePort}/describe`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-vivified-signature': signature } : {}),
        },
        body,
      });
    expect((await direct()).status).toBe(401);
    // Every claim right, signed by a key the platform does not publish.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({
      'vivified:tenant': tenant,
      'vivified:caller': 'sdk-peer',
      'vivified:operation': 'describe',
      'vivified:trace': 't',
      'vivified:body': claims.operatorCallBodyDigest('{}'),
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
      .setIssuer(claims.OPERATOR_CALL_ISSUER)
      .setSubject('inst-forger')
      .setAudience(claims.operatorCallAudience(probeInstallation))
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    const refused = await direct(forged);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthenticated' });
    // The platform's own key: its signature verifies when sent direct, but not on another body,
    // for another operation, or once it has expired.
    const signer = await awsOperatorSigner({ operatorKeySecret: platform.resources.operatorKeySecret });
    const signed = (operation: string, body: string, now = Date.now()) =>
      signer.sign(
        {
          tenantId: tenant,
          callerPluginId: 'sdk-peer',
          callerInstallationId: 'inst-peer',
          targetInstallationId: probeInstallation,
          operation,
          traceId: 'trace-direct',
          body,
        },
        now,
      );
    const genuine = await direct(await signed('describe', '{"a":1}'), '{"a":1}');
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toMatchObject({ caller: { pluginId: 'sdk-peer', traceId: 'trace-direct' } });
    expect((await direct(await signed('describe', '{"a":1}'), '{"a":2}')).status).toBe(401);
    expect((await direct(await signed('seen', '{}'), '{}')).status).toBe(401);
    expect((await direct(await signed('describe', '{}', Date.now() - 120_000), '{}')).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${probePort}/health`)).status).toBe(200);
  });

  it('calls another plugin’s operation, and gets a typed refusal for one it did not declare', async () => {
    const answer = await probe('callPeer', {
      plugin: 'sdk-peer',
      operation: 'echo',
      payload: { hello: 'go' },
    });
    expect(answer.error).toBeUndefined();
    expect(answer.value).toMatchObject({
      payload: { hello: 'go' },
      caller: { pluginId: 'go-probe', tenantId: tenant, operation: 'echo' },
    });
    const refusal = await probe('callPeer', { plugin: 'sdk-peer', operation: 'secret', payload: {} });
    expect(refusal).toMatchObject({ error: 'PolicyDeniedError', status: 403 });
  });

  it('fetches through the proxy lane with the secret injected on the way out and scrubbed on the way back', async () => {
    const answer = await probe<Outcome<{ status: number; body: string }>>('fetch', {
      url: `https://${PARTNER}:${sdk.partnerPort}/hello?x=1`,
      authorization: 'Bearer {{secret:token}}',
    });
    expect(answer.error).toBeUndefined();
    expect(answer.value?.status).toBe(200);
    expect(JSON.parse(answer.value?.body ?? '')).toEqual({ path: '/hello?x=1', authorization: 'Bearer ***' });
    expect(sdk.lastAuthorization(PARTNER)).toBe('Bearer partner-token-1');
  });

  it('refuses egress to a host off the allowlist with a typed egress error', async () => {
    const refusal = await probe('fetch', { url: 'https://evil.example/steal', authorization: 'none' });
    expect(refusal).toMatchObject({ error: 'EgressDeniedError', status: 403 });
    expect(refusal.detail).toMatch(/allowed_domains/);
  });

  it('reads its config with secrets by name only, and renews its credential', async () => {
    const config = await probe<Outcome<{ rev: number }>>('config');
    expect(config.value).toMatchObject({ values: { region: 'eu' }, secrets: ['token'] });
    expect(JSON.stringify(config)).not.toContain('partner-token-1');
    const renewed = await probe('renew');
    expect(renewed.error).toBeUndefined();
    expect(renewed.value).toBe(config.value?.rev);
  });

  it('runs the README’s notifier: a new user is welcomed through the proxy lane, the token injected', async () => {
    const manifest = JSON.parse(readFileSync(join(SDK_GO, 'examples/notifier/manifest.json'), 'utf8'));
    const { port } = await sdk.installAndEnable(manifest, {
      sender: 'hello@clinic.example',
      mailerUrl: `https://${MAILER}:${sdk.partnerPort}/v1/messages`,
      apiToken: 'mailer-token-1',
    });
    await eventually(
      'the notifier answering its health path',
      async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok,
      60,
    );
    await peer.publish('UserCreated.v1', user('u-welcome'));
    const mail = await eventually('the welcome mail', () =>
      sdk.partnerCalls.find((call) => call.host === MAILER && call.body.includes('u-welcome@clinic.example')),
    );
    expect(mail).toMatchObject({ path: '/v1/messages', authorization: 'Bearer mailer-token-1' });
    expect(JSON.parse(mail.body)).toEqual({
      from: 'hello@clinic.example',
      to: 'u-welcome@clinic.example',
      subject: 'Welcome',
    });
    const welcomed = await eventually('the count', async () => {
      const answer = await peer.call<{ welcomed: number; askedBy: string }>('go-notifier', 'welcomed');
      return answer.welcomed >= 1 ? answer : undefined;
    });
    expect(welcomed.askedBy).toBe('sdk-peer');
  });

  it('stops gracefully on the SIGTERM the runtime sends when the installation is disabled', async () => {
    await sdk.disable('go-probe');
    const log = join(logDirectory, `${tenant}-go-probe.log`);
    const exit = await eventually(
      'the probe’s exit',
      () => readFileSync(log, 'utf8').match(/go-probe exited \((.+)\)/)?.[1],
    );
    // Exit code 0: Run returned after the context was cancelled, not SIGKILL after the grace.
    expect(exit).toBe('0');
    // The process's last words reach the log through a pipe, which may drain after the exit is noted.
    await eventually(
      'the probe’s last log line',
      () => readFileSync(log, 'utf8').includes('stopped cleanly'),
      5,
    );
    await expect(fetch(`http://127.0.0.1:${probePort}/health`)).rejects.toThrow();
  });
});
