import { beforeAll, describe, expect, it } from 'vitest';
import { limitsFor, type RateLimit } from '../../core/lanes/rate-limits';
import type { RateLimiter } from '../../core/ports';
import { uniqueName } from '../support/unique';
import type { Make } from './fixtures';

/** A call's limits, scaled down so a test reaches them in a few calls. */
function limitsOf(tenantId: string, installationId: string, perInstallation: number, perTenant: number) {
  const [installation, tenant] = limitsFor({
    lane: 'operator',
    tier: 'standard',
    tenantId,
    installationId,
    manifest: {},
  }) as [RateLimit, RateLimit];
  return [
    { ...installation, limit: perInstallation },
    { ...tenant, limit: perTenant },
  ];
}

// Mid-window, so a test's calls all fall in one window however long it takes.
const T0 = 1_800_000_000_000 + 10_000;

/** What every RateLimiter does, whatever counts. */
export function rateLimiterContract(implementation: string, make: Make<RateLimiter>) {
  describe(`RateLimiter contract: ${implementation}`, () => {
    let limiter: RateLimiter;
    beforeAll(async () => {
      limiter = await make();
    });

    it('admits up to the limit in a window, then refuses naming the limit and the seconds left', async () => {
      // Prepare
      const limits = limitsOf(uniqueName('clinic'), 'inst-1', 3, 100);

      // Act
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await limiter.take(limits, 1, T0 + i));

      // Assess
      expect(answers.slice(0, 3)).toEqual([{ admitted: true }, { admitted: true }, { admitted: true }]);
      expect(answers[3]).toEqual({ admitted: false, limit: limits[0], retryAfterSeconds: 50 });
    });

    it('opens a new window at its boundary', async () => {
      const limits = limitsOf(uniqueName('clinic'), 'inst-1', 1, 100);

      expect(await limiter.take(limits, 1, T0)).toEqual({ admitted: true });
      expect((await limiter.take(limits, 1, T0 + 1)).admitted).toBe(false);
      expect(await limiter.take(limits, 1, T0 + 50_000)).toEqual({ admitted: true });
    });

    it("counts a tenant's installations together, and a refused call against none of its limits", async () => {
      // Prepare: two installations of one tenant, room for 3 calls in the tenant.
      const tenantId = uniqueName('clinic');
      const one = limitsOf(tenantId, 'inst-1', 2, 3);
      const two = limitsOf(tenantId, 'inst-2', 2, 3);

      // Act
      const first = [await limiter.take(one, 1, T0), await limiter.take(one, 1, T0)];
      const overOwn = await limiter.take(one, 1, T0);
      const second = await limiter.take(two, 1, T0);
      const overTenant = await limiter.take(two, 1, T0);

      // Assess: inst-1's refusal took nothing from the tenant, so inst-2 got the tenant's third call.
      expect(first.every((a) => a.admitted)).toBe(true);
      expect(overOwn).toMatchObject({ admitted: false, limit: { scope: 'installation' } });
      expect(second).toEqual({ admitted: true });
      expect(overTenant).toMatchObject({ admitted: false, limit: { scope: 'tenant', key: tenantId } });
      // Nor did inst-2's refusal by the tenant take from inst-2: given more tenant room, it has one call left.
      const roomier = limitsOf(tenantId, 'inst-2', 2, 10);
      expect(await limiter.take(roomier, 1, T0)).toEqual({ admitted: true });
      expect(await limiter.take(roomier, 1, T0)).toMatchObject({
        admitted: false,
        limit: { scope: 'installation' },
      });
    });

    it('counts a call by its cost, and refuses a cost no window can hold', async () => {
      const limits = limitsOf(uniqueName('clinic'), 'inst-1', 10, 100);

      expect(await limiter.take(limits, 7, T0)).toEqual({ admitted: true });
      expect(await limiter.take(limits, 4, T0)).toMatchObject({ admitted: false, limit: limits[0] });
      expect(await limiter.take(limits, 3, T0)).toEqual({ admitted: true });
      expect(await limiter.take(limits, 11, T0 + 60_000)).toMatchObject({ admitted: false });
      expect(await limiter.take(limits, 10, T0 + 60_000)).toEqual({ admitted: true });
    });

    it('admits exactly the limit when many calls race for it', async () => {
      const limits = limitsOf(uniqueName('clinic'), 'inst-1', 5, 100);

      const answers = await Promise.all(Array.from({ length: 20 }, () => limiter.take(limits, 1, T0)));

      expect(answers.filter((a) => a.admitted)).toHaveLength(5);
    });
  });
}
