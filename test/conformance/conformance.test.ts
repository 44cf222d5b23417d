import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorSigner } from '../../adapters/identity/operator-signing';
import type { DevPlatform } from '../../cli/dev/platform';
import * as claims from '../../core/lanes/operator-claims';
import { awsOperatorSigner } from '../../functions/shared/platform/aws/operator';
// @ts-expect-error — plain ESM script without type declarations, run by npm before any build.
import { ensurePythonVenv } from '../../scripts/python-sdk-venv.mjs';
import { type CanonicalEvent, createPlugin, OperationError, type Plugin } from '../../sdk/node/src';
import { eventually, jsonClient } from '../support/http';
import { type SdkPlatform, startSdkPlatform } from '../support/sdk-platform';
import { uniqueName } from '../support/unique';
import {
  conformanceManifest,
  driverManifest,
  LANGUAGES,
  type Language,
  observerManifest,
  PARTNER,
  pluginIdOf,
} from './manifests';
import { scenarios } from './scenarios.json';

/*
 * Every scenario of scenarios.json against each SDK's conformance plugin (README.md), all of them
 * started by `vivified dev`'s process runtime at once. A Node SDK driver in this process publishes
 * and calls; an observer cleared for internal data only shows what a lower clearance receives.
 */

const CHECKOUT = join(import.meta.dirname, '..', '..');
// The platform moves an event to the DLQ after 5 receives, ~60 s of the SDKs' backoff; the
// platform here makes the plugins' queues with a limit of 2 (`vivified dev --max-receives 2`), so
// the dead-letter scenario takes seconds.
const RECEIVE_LIMIT = 2;
const tokenOf = (language: Language) => `partner-token-${language}`;

interface Delivery {
  id: string;
  type: string;
  tenantId: string;
  data: Record<string, unknown>;
  redacted: string[];
  delivery: number;
}

interface Outcome<T = Record<string, unknown>> {
  value?: T;
  error?: string;
  status?: number;
  code?: string;
  detail?: string;
}

interface Installed {
  readonly pluginId: string;
  readonly installationId: string;
  readonly port: number;
  readonly queueUrl: string;
}

const user = (userId: string) => ({
  userId,
  email: `${userId}@clinic.example`,
  name: 'Test Patient',
  dateOfBirth: '1980-02-29',
  mrn: 'MRN-1',
  roles: [],
  createdAt: '2026-11-24T10:00:00Z',
});

describe('SDK conformance under vivified dev', () => {
  const tenant = uniqueName('conform', 30);
  const work = mkdtempSync(join(tmpdir(), 'vivified-conformance-'));
  const logDirectory = join(work, 'logs');
  let sdk: SdkPlatform;
  let platform: DevPlatform;
  let signer: OperatorSigner;
  let driver: Plugin;
  let observer: Plugin;
  let driverInstallation = '';
  let manager: string;
  const plugins = {} as Record<Language, Installed>;
  const driverPayments: CanonicalEvent[] = [];
  const observerPayments: CanonicalEvent[] = [];
  let secretCalls = 0;

  const logOf = (language: Language) => {
    try {
      return readFileSync(join(logDirectory, `${tenant}-${pluginIdOf(language)}.log`), 'utf8');
    } catch {
      return '';
    }
  };

  /** Calls one of the plugin's operations as the driver, through the operator lane. */
  const ask = <T = Outcome>(language: Language, operation: string, payload: unknown = {}) =>
    driver.call<T>(pluginIdOf(language), operation, payload, { timeoutMs: 20_000 });
  const seen = (language: Language) => ask<Delivery[]>(language, 'seen');

  /** A request straight to the plugin's port, past the operator lane. */
  const direct = (language: Language, body: string, signature?: string) =>
    fetch(`http://127.0.0.1:${plugins[language].port}/echo`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { [claims.OPERATOR_CALL_HEADERS.signature]: signature } : {}),
      },
      body,
    });

  /** Starts an in-process Node SDK plugin on the port the runtime gave its placeholder. */
  async function inProcess(manifest: typeof driverManifest) {
    const { installation, port } = await sdk.installAndEnable(manifest);
    const { token } = await platform.plane.credentials.issue(installation);
    const plugin = createPlugin({
      manifest,
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
    });
    return { plugin, installationId: installation.installationId };
  }

  beforeAll(async () => {
    const goBinary = join(work, 'conformance-go');
    const [manifestOf] = await Promise.all([
      (async () => {
        // Built, not `go run`: the runtime would compile again on every restart.
        await promisify(execFile)('go', ['build', '-o', goBinary, '.'], {
          cwd: join(CHECKOUT, 'test/conformance/plugins/go'),
        });
        const commands: Record<Language, string[]> = {
          node: ['node', '--import', 'tsx', 'test/conformance/plugins/node/main.ts'],
          python: ['sdk/python/.venv/bin/python', '-u', 'test/conformance/plugins/python/main.py'],
          go: [goBinary],
        };
        return (language: Language) => {
          // The manifest's path is the plugin's one argument, as the same manifest names it.
          const path = join(work, `${pluginIdOf(language)}.json`);
          const manifest = conformanceManifest(language, [...commands[language], path]);
          writeFileSync(path, JSON.stringify(manifest));
          return manifest;
        };
      })(),
      // Idempotent: a no-op when `npm run sdk:python:setup` already made the venv.
      Promise.resolve().then(() => ensurePythonVenv()),
    ]);
    sdk = await startSdkPlatform({
      prefix: uniqueName('conform', 30),
      tenant,
      partners: [PARTNER],
      logDirectory,
      // Every queue made with the lower limit, as `vivified dev --max-receives` makes them.
      maxReceiveCount: RECEIVE_LIMIT,
    });
    platform = sdk.platform;
    signer = await awsOperatorSigner({ operatorKeySecret: platform.resources.operatorKeySecret });
    manager = await platform.issuer.issue({
      subject: 'ada',
      tenantId: tenant,
      roles: ['admin', 'plugin_manager'],
    });

    const driven = await inProcess(driverManifest);
    driverInstallation = driven.installationId;
    driver = driven.plugin
      .on('PaymentReceived.v1', (event) => void driverPayments.push(event))
      .expose('echo', (payload, caller) => ({ payload, caller }))
      .expose('secret', () => {
        secretCalls++;
        throw new OperationError(500, 'unreachable', 'The platform lets no undeclared call through.');
      });
    observer = (await inProcess(observerManifest)).plugin.on(
      'PaymentReceived.v1',
      (event) => void observerPayments.push(event),
    );
    await Promise.all([driver.start(), observer.start()]);

    for (const language of LANGUAGES) {
      const { installation, port } = await sdk.installAndEnable(manifestOf(language), {
        region: 'eu',
        token: tokenOf(language),
      });
      const queueUrl = installation.resources.queueUrl!;
      plugins[language] = {
        pluginId: installation.pluginId,
        installationId: installation.installationId,
        port,
        queueUrl,
      };
    }
    // Each plugin is a process of its own: ready when its health path answers.
    await Promise.all(
      LANGUAGES.map((language) =>
        eventually(
          `the ${language} plugin answering its health path`,
          async () =>
            (await fetch(`http://127.0.0.1:${plugins[language].port}/health`).catch(() => undefined))?.ok,
          60,
        ).catch((error: Error) => {
          throw new Error(`${error.message}\n${logOf(language).slice(-3000)}`);
        }),
      ),
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all([driver?.stop(), observer?.stop()]);
    await sdk?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Each scenario of scenarios.json, as one SDK's plugin must pass it. */
  const checks: Record<string, (language: Language) => Promise<void>> = {
    async 'publish-redacted'(language) {
      const pluginId = pluginIdOf(language);
      const userId = uniqueName(`u-${language}`, 40);
      const published = await driver.publish('UserCreated.v1', user(userId));
      const delivered = await eventually('the delivery to the plugin', async () =>
        (await seen(language)).find((event) => event.id === published.id),
      );
      // Cleared for personal data, not PHI: the name arrives, the date of birth and MRN do not.
      expect(delivered).toMatchObject({
        type: 'UserCreated.v1',
        tenantId: tenant,
        data: { userId, name: 'Test Patient', email: `${userId}@clinic.example` },
      });
      expect(delivered.data).not.toHaveProperty('dateOfBirth');
      expect(delivered.data).not.toHaveProperty('mrn');
      expect([...delivered.redacted].sort()).toEqual(['/data/dateOfBirth', '/data/mrn']);

      const paymentId = `${pluginId}/${userId}`;
      const whole = await eventually('the payment at the driver', () =>
        driverPayments.find((event) => event.data.paymentId === paymentId),
      );
      expect(whole.data).toMatchObject({
        invoiceId: published.id,
        payerName: 'Test Patient',
        memo: `from ${pluginId}`,
      });
      expect(whole.redacted ?? []).toEqual([]);
      const redacted = await eventually('the payment at the observer', () =>
        observerPayments.find((event) => event.data.paymentId === paymentId),
      );
      expect(redacted.data).toMatchObject({ invoiceId: published.id, amount: { currency: 'EUR' } });
      expect(redacted.data).not.toHaveProperty('payerName');
      expect(redacted.data).not.toHaveProperty('memo');
      expect(redacted.data.amount).not.toHaveProperty('value');
      expect([...(redacted.redacted ?? [])].sort()).toEqual([
        '/data/amount/value',
        '/data/memo',
        '/data/payerName',
      ]);
    },

    async 'operator-verified-caller'(language) {
      const answer = await ask(language, 'echo', { documentId: 'd-1' });
      expect(answer).toEqual({
        payload: { documentId: 'd-1' },
        caller: {
          pluginId: 'conformance-driver',
          tenantId: tenant,
          installationId: driverInstallation,
          operation: 'echo',
          traceId: expect.stringMatching(/.+/),
        },
      });
      // The other way: the plugin's own call, whose signature the driver's SDK verified.
      const back = await ask(language, 'callPeer', {
        plugin: 'conformance-driver',
        operation: 'echo',
        payload: { from: language },
      });
      expect(back).toEqual({
        value: {
          payload: { from: language },
          caller: expect.objectContaining({
            pluginId: pluginIdOf(language),
            tenantId: tenant,
            installationId: plugins[language].installationId,
            operation: 'echo',
          }),
        },
      });
    },

    async 'operator-forged-refused'(language) {
      const body = '{"documentId":"d-1"}';
      const unsigned = await direct(language, body);
      expect(unsigned.status).toBe(401);
      expect(await unsigned.json()).toMatchObject({ code: 'unauthenticated' });
      // Every claim right, signed by a key the platform does not publish.
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({
        'vivified:tenant': tenant,
        'vivified:caller': 'conformance-driver',
        'vivified:operation': 'echo',
        'vivified:trace': 'trace-forged',
        'vivified:body': claims.operatorCallBodyDigest(body),
      })
        .setProtectedHeader({ alg: 'ES256', kid: signer.jwks.keys[0]!.kid! })
        .setIssuer(claims.OPERATOR_CALL_ISSUER)
        .setSubject(driverInstallation)
        .setAudience(claims.operatorCallAudience(plugins[language].installationId))
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(privateKey);
      const refused = await direct(language, body, forged);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: 'unauthenticated' });
    },

    async 'operator-replay-refused'(language) {
      const body = JSON.stringify({ replayed: language });
      // A genuine signature, as the operator lane makes one, taken off the wire and sent twice.
      const signature = await signer.sign({
        tenantId: tenant,
        callerPluginId: 'conformance-driver',
        callerInstallationId: driverInstallation,
        targetInstallationId: plugins[language].installationId,
        operation: 'echo',
        traceId: 'trace-replayed',
        body,
      });
      const first = await direct(language, body, signature);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({
        payload: { replayed: language },
        caller: { pluginId: 'conformance-driver', traceId: 'trace-replayed' },
      });
      const replayed = await direct(language, body, signature);
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toMatchObject({
        code: 'unauthenticated',
        detail: expect.stringMatching(/answered already/i),
      });
    },

    async 'egress-secret-injected'(language) {
      const path = `/hello?from=${language}`;
      const answer = await ask<Outcome<{ status: number; body: string }>>(language, 'fetch', {
        url: `https://${PARTNER}:${sdk.partnerPort}${path}`,
        authorization: 'Bearer {{secret:token}}',
      });
      expect(answer.error).toBeUndefined();
      expect(answer.value?.status).toBe(200);
      // Injected on the way out, scrubbed on the way back: the plugin never held the token.
      expect(JSON.parse(answer.value!.body)).toEqual({ path, authorization: 'Bearer ***' });
      expect(sdk.partnerCalls.filter((call) => call.path === path).at(-1)?.authorization).toBe(
        `Bearer ${tokenOf(language)}`,
      );
      expect(JSON.stringify(answer)).not.toContain(tokenOf(language));
    },

    async 'undeclared-call-refused'(language) {
      const before = secretCalls;
      const refusal = await ask(language, 'callPeer', {
        plugin: 'conformance-driver',
        operation: 'secret',
        payload: {},
      });
      expect(refusal).toMatchObject({ error: 'PolicyDeniedError', status: 403 });
      expect(refusal.value).toBeUndefined();
      expect(secretCalls).toBe(before);
    },

    async 'failure-dead-letter-redrive'(language) {
      const pluginId = pluginIdOf(language);
      const userId = `fail-twice-${pluginId}-${crypto.randomUUID()}`;
      const { id } = await driver.publish('UserCreated.v1', user(userId));
      const installation = `/v1/tenants/${tenant}/installations/${pluginId}`;
      const http = jsonClient(() => platform.url);
      const dead = await eventually(
        'the event in the dead-letter queue',
        async () => {
          const health = await http(manager, 'GET', `${installation}/health`);
          return health.body.deadLetters >= 1 ? health.body : undefined;
        },
        45,
      );
      expect(dead.deadLetters).toBe(1);
      const failed = (await seen(language)).filter((event) => event.id === id);
      expect(failed.map((event) => event.delivery)).toEqual([1, 2]);
      expect(driverPayments.some((event) => event.data.paymentId === `${pluginId}/${userId}`)).toBe(false);

      const redriven = await http(manager, 'POST', `${installation}/dead-letters/redrive`);
      expect(redriven).toMatchObject({ status: 202, body: { moving: 1 } });
      await eventually(
        'the payment after the redrive',
        () => driverPayments.find((event) => event.data.paymentId === `${pluginId}/${userId}`),
        45,
      );
      const handled = (await seen(language)).filter((event) => event.id === id);
      expect(handled.map((event) => event.delivery)).toEqual([1, 2, 3]);
    },

    async 'config-read'(language) {
      const config = await ask(language, 'config');
      expect(config).toEqual({
        value: { values: { region: 'eu' }, secrets: ['token'], rev: expect.any(Number) },
      });
      expect(JSON.stringify(config)).not.toContain(tokenOf(language));
    },

    async 'credential-refresh'(language) {
      const renewals = async () =>
        (await platform.plane.audit.query(tenant, { action: 'self.credential' }, 100)).items.filter(
          (record) => record.target.id === `${tenant}/${pluginIdOf(language)}`,
        ).length;
      const before = await renewals();
      const renewed = await ask(language, 'renew');
      // Read with the fresh credential: the platform accepted it.
      expect(renewed).toMatchObject({ value: { values: { region: 'eu' }, secrets: ['token'] } });
      expect(await renewals()).toBe(before + 1);
    },
  };

  it('checks every scenario of scenarios.json, and only those', () => {
    expect(Object.keys(checks).sort()).toEqual(scenarios.map((scenario) => scenario.id).sort());
  });

  describe.each(LANGUAGES)('the %s SDK', (language) => {
    for (const scenario of scenarios) {
      it(`${scenario.id}: ${scenario.says}`, async () => {
        try {
          await checks[scenario.id]!(language);
        } catch (error) {
          // The plugin's own account of what went wrong, beside the assertion that failed.
          (error as Error).message +=
            `\n--- ${pluginIdOf(language)} log ---\n${logOf(language).slice(-2000)}`;
          throw error;
        }
      });
    }
  });
});
