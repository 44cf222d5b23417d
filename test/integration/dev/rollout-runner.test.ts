import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import { MAX_UPGRADE_ATTEMPTS } from '../../../core/rollout';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import type { Rollout } from '../../../functions/wire';
import { notifierManifest } from '../../support/manifests';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

const TENANTS = ['runner-a', 'runner-b', 'runner-c'];

describe('the rollout runner inside `vivified dev`', () => {
  let platform: DevPlatform;
  let ops: string;

  const send = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  const scratch = mkdtempSync(join(tmpdir(), 'vivified-dev-rollout-'));
  const vivified = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin/vivified.cjs', ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: scratch,
            VIVIFIED_ENDPOINT: platform.url,
            VIVIFIED_TOKEN: ops,
            VIVIFIED_PROFILE: join(scratch, 'profile.json'),
            NO_COLOR: '1',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    // The interval as a user sets it: from the environment, not an option only tests can pass.
    vi.stubEnv('VIVIFIED_ROLLOUT_INTERVAL_MS', '300');
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('dev-rollout', 30),
      healthIntervalSeconds: 3600,
    });
    ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    // Prepare: three tenants on notifier@1.0.0, configured as 1.1.0 requires, and 1.1.0 in the catalog.
    for (const version of ['1.0.0', '1.1.0'])
      expect((await send(ops, 'POST', '/v1/plugins', notifierManifest(version))).status).toBe(201);
    for (const tenantId of TENANTS) {
      expect((await send(ops, 'POST', '/v1/tenants', { id: tenantId, name: tenantId })).status).toBe(201);
      const admin = await platform.issuer.issue({ subject: 'ada', tenantId, roles: ['admin'] });
      const installed = await send(admin, 'POST', `/v1/tenants/${tenantId}/installations`, {
        pluginId: 'notifier',
        version: '1.0.0',
        consent: true,
      });
      expect(installed.status).toBe(201);
      const configured = await send(admin, 'PUT', `/v1/tenants/${tenantId}/installations/notifier/config`, {
        values: { sender: `hi@${tenantId}.example` },
      });
      expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    vi.unstubAllEnvs();
  });

  it('moves a started rollout through its waves to completed, with no tick called by hand', async () => {
    // Act: start it over the API, then only watch.
    const started = await send(ops, 'POST', '/v1/plugins/notifier/rollouts', {
      version: '1.1.0',
      targets: { kind: 'tenants', tenantIds: TENANTS },
      waves: [
        { size: 1, soakSeconds: 1 },
        { size: 2, soakSeconds: 1 },
      ],
      gates: { maxUnhealthy: 0, maxDeadLetters: 0, errorRateMargin: 0.05 },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const phases = new Set<string>();
    let status: Rollout | undefined;
    for (let i = 0; i < 120 && status?.phase !== 'completed'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await send(ops, 'GET', '/v1/plugins/notifier/rollout')).body as Rollout;
      phases.add(`${status.phase}@${status.wave}`);
    }

    // Assess: it soaked each wave on the way, and every tenant is on the new version.
    expect(status?.phase).toBe('completed');
    expect(phases).toContain('soaking@0');
    expect(status?.members.map((member) => member.status)).toEqual(['upgraded', 'upgraded', 'upgraded']);
    for (const tenantId of TENANTS) {
      expect((await platform.plane.installations.get(tenantId, 'notifier'))?.pluginVersion).toBe('1.1.0');
    }
    const steps = await platform.plane.audit.query(PLATFORM_TENANT_ID, { action: 'rollout.step' }, 50);
    expect(steps.items.flatMap((record) => record.reasons)).toContain('completed');
  }, 120_000);

  it('halts on a member whose upgrade keeps failing, and `rollout status` says which and why', async () => {
    // Prepare: 1.2.0 requires a setting no tenant has, so every upgrade to it fails.
    const strict = notifierManifest('1.2.0');
    const registered = await send(ops, 'POST', '/v1/plugins', {
      ...strict,
      config: { ...strict.config, required: ['sender', 'batchSize'] },
    });
    expect(registered.status).toBe(201);

    // Act
    const started = await send(ops, 'POST', '/v1/plugins/notifier/rollouts', {
      version: '1.2.0',
      targets: { kind: 'tenants', tenantIds: [TENANTS[0]] },
      waves: [{ size: 1, soakSeconds: 1 }],
      gates: { maxUnhealthy: 0, maxDeadLetters: 0, errorRateMargin: 0.05 },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    let status: Rollout | undefined;
    for (let i = 0; i < 120 && status?.phase !== 'halted'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await send(ops, 'GET', '/v1/plugins/notifier/rollout')).body as Rollout;
    }

    // Assess
    expect(status?.phase).toBe('halted');
    expect(status?.members[0]).toMatchObject({ status: 'failed', failures: MAX_UPGRADE_ATTEMPTS });
    const shown = await vivified(['plugins', 'rollout', 'status', 'notifier']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^notifier@1\.2\.0: halted, wave 1 of 1 \(upgrade failed 3 times in a row/);
    expect(shown.stdout).toMatch(new RegExp(`${TENANTS[0]}\\s+1\\s+1\\.1\\.0\\s+failed\\s+3`));
    expect(shown.stdout).toContain(`${TENANTS[0]}: last upgrade failed: The current config does not satisfy`);
    expect(shown.stdout).toContain('/batchSize');
  }, 120_000);
});
