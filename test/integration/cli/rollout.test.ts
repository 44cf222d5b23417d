import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import type { Rollout } from '../../../functions/wire';
import { notifierManifest } from '../../support/manifests';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

const TENANT = 'rollout-clinic';

describe('`vivified plugins rollout`, run as a real binary against the local platform', () => {
  let platform: DevPlatform;
  let ops: string;
  let admin: string;
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-rollout-cli-'));

  const send = async (token: string, method: string, path: string, body: unknown) => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.status;
  };

  beforeAll(async () => {
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('cli-rollout', 30),
      healthIntervalSeconds: 3600,
      // The commands are under test here, not the steps: no runner moves the rollout between them.
      rolloutIntervalMs: 3_600_000,
    });
    ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
    admin = await platform.issuer.issue({ subject: 'ada', tenantId: TENANT, roles: ['admin'] });
    // Prepare: a tenant with notifier@1.0.0 installed (not started: a rollout reaches it either way), and 1.1.0 in the catalog.
    expect(await send(ops, 'POST', '/v1/tenants', { id: TENANT, name: TENANT })).toBe(201);
    for (const version of ['1.0.0', '1.1.0'])
      expect(await send(ops, 'POST', '/v1/plugins', notifierManifest(version))).toBe(201);
    expect(
      await send(admin, 'POST', `/v1/tenants/${TENANT}/installations`, {
        pluginId: 'notifier',
        version: '1.0.0',
        consent: true,
      }),
    ).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await platform.stop();
  });

  const vivified = (args: string[], token = ops) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin/vivified.cjs', 'plugins', 'rollout', ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: scratch,
            VIVIFIED_ENDPOINT: platform.url,
            VIVIFIED_TOKEN: token,
            VIVIFIED_PROFILE: join(scratch, 'profile.json'),
            NO_COLOR: '1',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it('refuses bad usage (2), a bad plan (7, each field named) and a tenant admin (4), starting nothing', async () => {
    const usage = await vivified(['start', 'notifier', '1.1.0', '--tenants', TENANT]);
    expect(usage.code, usage.stderr).toBe(2);
    expect(usage.stderr).toContain('--wave');
    const both = await vivified([
      'start',
      'notifier',
      '1.1.0',
      '--tenants',
      TENANT,
      '--percent',
      '5',
      '--wave',
      '1:60',
    ]);
    expect(both.code).toBe(2);

    const invalid = await vivified([
      'start',
      'notifier',
      '1.1.0',
      '--percent',
      '0',
      '--wave',
      '0:60',
      '--error-margin',
      '2',
    ]);
    expect(invalid.code, invalid.stderr).toBe(7);
    expect(invalid.stderr).toContain('/waves/0/size');
    expect(invalid.stderr).toContain('/gates/errorRateMargin');

    const forbidden = await vivified(
      ['start', 'notifier', '1.1.0', '--tenants', TENANT, '--wave', '1:60'],
      admin,
    );
    expect(forbidden.code, forbidden.stderr).toBe(4);
    const none = await vivified(['status', 'notifier']);
    expect(none.code, none.stderr).toBe(5);
  });

  it('starts a rollout, shows it, refuses a second (6) and pauses, resumes and halts it', async () => {
    const started = await vivified(['start', 'notifier', '1.1.0', '--tenants', TENANT, '--wave', '1:60']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^notifier@1\.1\.0: pending, wave 1 of 1\nTENANT\s+WAVE\s+FROM\s+STATUS/);
    expect(started.stdout).toMatch(new RegExp(`${TENANT}\\s+1\\s+1\\.0\\.0\\s+pending`));

    const again = await vivified(['start', 'notifier', '1.1.0', '--tenants', TENANT, '--wave', '1:60']);
    expect(again.code, again.stderr).toBe(6);

    const status = JSON.parse((await vivified(['status', 'notifier', '--json'])).stdout) as Rollout;
    expect(status).toMatchObject({ phase: 'pending', plan: { version: '1.1.0' } });

    expect((await vivified(['pause', 'notifier'])).stdout).toMatch(/: paused,/);
    expect((await vivified(['resume', 'notifier'])).stdout).toMatch(/: pending,/);
    const halted = JSON.parse((await vivified(['halt', 'notifier', '--json'])).stdout) as Rollout;
    expect(halted.phase).toBe('halted');
    expect((await platform.plane.rollouts.get('notifier'))?.phase).toBe('halted');
  });
});
