import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { canonicalLane } from '../../../functions/lanes/canonical/api';
import type { ControlPlane } from '../../../functions/shared/control-plane';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { installationRoutes } from '../../support/installation-routes';
import { intakeManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

const INSTALLATION = '/v1/tenants/{tenantId}/installations/{pluginId}';
const user = {
  userId: 'u-1',
  email: 'patient1@clinic.example',
  name: 'Patient 1',
  dateOfBirth: '1980-02-29',
  mrn: 'MRN-1',
  roles: ['patient'],
  createdAt: '2026-11-24T10:00:00Z',
};

// The lanes' per-container cache of installations and manifests (docs/caches.md) with the real
// registry adapters against the emulators: a change made by the lifecycle in another container is
// seen within the installation TTL (5 s), one made in the same process at once.
describe("the lanes' cache of installations", () => {
  let platform: TestPlatform;
  let disabling: SeededTenant;
  let uninstalling: SeededTenant;
  let clock = 0;

  beforeAll(async () => {
    platform = await testPlatform();
    disabling = await seedTenant(platform, 'clinic-d', [intakeManifest()]);
    uninstalling = await seedTenant(platform, 'clinic-u', [intakeManifest()]);
  });

  /** A canonical lane on the cache's clock; `hears: false` plays another container (the lifecycle's writes reach it not). */
  const laneOf = (hears: boolean) => {
    const plane: ControlPlane = platform.lanePlane;
    return canonicalLane(hears ? plane : { ...plane, registryChanges: undefined }, {
      identity: platform.credentials,
      bus: eventBridgeBus(),
      busName: platform.names.bus,
      registry: { now: () => clock },
    });
  };
  const publish = (lane: ReturnType<typeof laneOf>, tenant: SeededTenant) =>
    call(lane, 'POST', '/v1/canonical/events', {
      token: tenant.credentials.intake,
      body: { type: 'UserCreated.v1', data: user },
    });
  const change = (tenant: SeededTenant, method: 'POST' | 'DELETE', path: string) =>
    call(installationRoutes(platform.plane), method, path, {
      token: tenant.manager,
      params: { tenantId: tenant.installations.intake!.tenantId, pluginId: 'intake' },
    });

  it('refuses a disabled installation at once in the same process, and within 5 s in another container', async () => {
    // Prepare
    clock = 0;
    const elsewhere = laneOf(false);
    const here = laneOf(true);
    const before = [await publish(elsewhere, disabling), await publish(here, disabling)];

    // Act
    const disabled = await change(disabling, 'POST', `${INSTALLATION}/disable`);
    const hereAtOnce = await publish(here, disabling);
    clock = 4_999;
    const elsewhereWithin = await publish(elsewhere, disabling);
    clock = 5_000;
    const elsewhereAtBound = await publish(elsewhere, disabling);

    // Assess
    expect(before.map((answer) => answer.status)).toEqual([202, 202]);
    expect(disabled.status).toBe(200);
    expect(hereAtOnce.status).toBe(403);
    expect(hereAtOnce.body.detail).toMatch(/Disabled/);
    // The bound is the TTL, no less: a container that read the record before the disable may
    // still publish until it has expired.
    expect(elsewhereWithin.status).toBe(202);
    expect(elsewhereAtBound.status).toBe(403);
    const refusals = await platform.plane.audit.query('clinic-d', { decision: 'deny' }, 10);
    expect(refusals.items.map((r) => r.reasons[0])).toEqual([
      expect.stringMatching(/calling installation is Disabled/),
      expect.stringMatching(/calling installation is Disabled/),
    ]);
  });

  it('refuses an uninstalled installation at once in the same process, and within 5 s in another container', async () => {
    // Prepare
    clock = 10_000;
    const elsewhere = laneOf(false);
    const here = laneOf(true);
    const before = [await publish(elsewhere, uninstalling), await publish(here, uninstalling)];

    // Act
    const disabled = await change(uninstalling, 'POST', `${INSTALLATION}/disable`);
    const removed = await change(uninstalling, 'DELETE', INSTALLATION);
    const hereAtOnce = await publish(here, uninstalling);
    clock = 14_999;
    const elsewhereWithin = await publish(elsewhere, uninstalling);
    clock = 15_000;
    const elsewhereAtBound = await publish(elsewhere, uninstalling);

    // Assess
    expect(before.map((answer) => answer.status)).toEqual([202, 202]);
    expect([disabled.status, removed.status]).toEqual([200, 204]);
    expect(hereAtOnce.status).toBe(401);
    expect(elsewhereWithin.status).toBe(202);
    expect(elsewhereAtBound.status).toBe(401);
    expect(elsewhereAtBound.body.detail).toMatch(/no longer exists/);
  });
});
