import { describe, expect, it } from 'vitest';
import { hasRoom, secondsUntilEnd, windowAt } from '../../../core/lanes/fixed-window';
import { counterId, describeLimit, limitsFor, TIER_CEILINGS } from '../../../core/lanes/rate-limits';

const call = {
  tier: 'standard' as const,
  tenantId: 'clinic-a',
  installationId: 'inst-1',
  manifest: {},
};

describe('fixed windows', () => {
  it('aligns windows to the epoch, so every instance agrees on which one a call falls in', () => {
    expect(windowAt(125_000, 60)).toEqual({ startMs: 120_000, endMs: 180_000 });
    expect(windowAt(120_000, 60)).toEqual({ startMs: 120_000, endMs: 180_000 });
    expect(windowAt(179_999, 60)).toEqual({ startMs: 120_000, endMs: 180_000 });
  });

  it('says how long until the window ends, in whole seconds and never 0', () => {
    const window = windowAt(125_000, 60);
    expect(secondsUntilEnd(window, 125_000)).toBe(55);
    expect(secondsUntilEnd(window, 178_500)).toBe(2);
    expect(secondsUntilEnd(window, 179_999)).toBe(1);
    expect(secondsUntilEnd(window, 180_000)).toBe(1);
  });

  it('has room for a cost that reaches the limit, and none for one that passes it', () => {
    expect(hasRoom(9, 1, 10)).toBe(true);
    expect(hasRoom(10, 1, 10)).toBe(false);
    expect(hasRoom(5, 6, 10)).toBe(false);
  });
});

describe('which limits a call must pass', () => {
  it("gives an installation and its tenant the tier's ceilings when the manifest declares none", () => {
    expect(limitsFor({ ...call, lane: 'operator' })).toEqual([
      {
        tenantId: 'clinic-a',
        lane: 'operator',
        scope: 'installation',
        key: 'clinic-a/inst-1',
        limit: TIER_CEILINGS.standard.operator.installation,
        windowSeconds: 60,
        source: 'tier',
      },
      {
        tenantId: 'clinic-a',
        lane: 'operator',
        scope: 'tenant',
        key: 'clinic-a',
        limit: TIER_CEILINGS.standard.operator.tenant,
        windowSeconds: 60,
        source: 'tier',
      },
    ]);
  });

  it('takes what the manifest declares below the ceiling, and the ceiling when it declares more', () => {
    const limits = limitsFor({
      ...call,
      lane: 'proxy',
      host: 'API.Example.com',
      manifest: {
        rate_limits: { egress_requests_per_minute: 30, egress_requests_per_domain_per_minute: 1_000_000 },
      },
    });

    expect(limits.map(({ scope, key, limit, source }) => ({ scope, key, limit, source }))).toEqual([
      { scope: 'installation', key: 'clinic-a/inst-1', limit: 30, source: 'manifest' },
      { scope: 'domain', key: 'clinic-a/inst-1/api.example.com', limit: 120, source: 'tier' },
      { scope: 'tenant', key: 'clinic-a', limit: 1_500, source: 'tier' },
    ]);
  });

  it("reads each lane's own declared limit, and an enterprise tenant's higher ceilings", () => {
    const manifest = { rate_limits: { events_per_minute: 50, operator_calls_per_minute: 7 } };
    expect(limitsFor({ ...call, lane: 'canonical', manifest })[0]).toMatchObject({ limit: 50 });
    expect(limitsFor({ ...call, lane: 'operator', manifest })[0]).toMatchObject({ limit: 7 });
    expect(limitsFor({ ...call, lane: 'operator', tier: 'enterprise' }).map((l) => l.limit)).toEqual([
      3_000, 15_000,
    ]);
  });

  it('limits no host outside the proxy lane', () => {
    expect(limitsFor({ ...call, lane: 'canonical', host: 'example.com' }).map((l) => l.scope)).toEqual([
      'installation',
      'tenant',
    ]);
  });

  it('names a counter by limit and window, and words the limit for people', () => {
    const [limit] = limitsFor({ ...call, lane: 'operator' });
    expect(counterId(limit!, windowAt(125_000, 60))).toBe('clinic-a/inst-1#operator#installation#120000');
    expect(describeLimit(limit!)).toBe(
      "the operator lane's installation limit of 600 per 60s for clinic-a/inst-1 is reached",
    );
  });
});
