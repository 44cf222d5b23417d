import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { memoryRateLimiter } from '../../../adapters/memory/rate-limiter';
import type { RateLimiter } from '../../../core/ports';
import { canonicalLane } from '../../../functions/lanes/canonical/api';
import { laneRateLimiter } from '../../../functions/shared/platform/aws/tenant-scoped';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { intakeManifest } from '../../support/manifests';
import { withinOneWindow } from '../../support/rate-window';
import { type SeededTenant, seedTenant } from '../../support/seed';

const PER_MINUTE = 8;
const INSTANCES = 4;
const CALLS_EACH = 5;

const user = (n: number) => ({
  userId: `u-${n}`,
  email: `patient${n}@clinic.example`,
  name: `Patient ${n}`,
  dateOfBirth: '1980-02-29',
  mrn: `MRN-${n}`,
  roles: ['patient'],
  createdAt: '2026-11-24T10:00:00Z',
});

// Lambda instances of the canonical lane, each composed on its own as a cold start composes it:
// its own limiter object, its own tier cache; what they share is only what deployed instances share.
describe('rate limits across lane instances', () => {
  let platform: TestPlatform;
  let tenant: SeededTenant;

  beforeAll(async () => {
    platform = await testPlatform();
    tenant = await seedTenant(platform, 'clinic-r', [
      { ...intakeManifest('1.0.0'), rate_limits: { events_per_minute: PER_MINUTE } },
    ]);
  });

  const instance = (rateLimiter: RateLimiter) =>
    canonicalLane(
      { ...platform.lanePlane, rateLimiter },
      { identity: platform.credentials, bus: eventBridgeBus(), busName: platform.names.bus },
    );

  /** Every instance publishes `CALLS_EACH` events at once; the answers of all of them. */
  const burst = async (instances: ReturnType<typeof instance>[]) => {
    await withinOneWindow();
    return Promise.all(
      instances.flatMap((lane, i) =>
        Array.from({ length: CALLS_EACH }, (_, n) =>
          call(lane, 'POST', '/v1/canonical/events', {
            token: tenant.credentials.intake,
            body: { type: 'UserCreated.v1', data: user(i * 100 + n) },
          }),
        ),
      ),
    );
  };

  it('admits no more than the limit in total, however many instances count, and audits each refusal with its limit', async () => {
    const instances = Array.from({ length: INSTANCES }, () => instance(laneRateLimiter(platform.names)));

    const answers = await burst(instances);

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(INSTANCES * CALLS_EACH - PER_MINUTE);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.headers['Content-Type']).toBe('application/problem+json');
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['Retry-After'])).toBeLessThanOrEqual(60);
    }
    const chain = await platform.plane.audit.query(
      'clinic-r',
      { action: 'canonical.publish', decision: 'deny' },
      100,
    );
    expect(chain.items).toHaveLength(INSTANCES * CALLS_EACH - PER_MINUTE);
    expect(chain.items[0]!.details).toMatchObject({
      cost: 1,
      limit: {
        scope: 'installation',
        key: `clinic-r/${tenant.installations.intake!.installationId}`,
        limit: PER_MINUTE,
        windowSeconds: 60,
        source: 'manifest',
      },
    });
  });

  it('would admit the limit once per instance with counters of their own (what the shared store prevents)', async () => {
    const instances = Array.from({ length: INSTANCES }, () => instance(memoryRateLimiter()));

    const answers = await burst(instances);

    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(PER_MINUTE);
  });
});
