import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
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
});
