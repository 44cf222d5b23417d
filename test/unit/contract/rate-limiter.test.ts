import { expect, it } from 'vitest';
import { memoryRateLimiter } from '../../../adapters/memory/rate-limiter';
import { limitsFor } from '../../../core/lanes/rate-limits';
import { rateLimiterContract } from '../../contract/rate-limiter.contract';

rateLimiterContract('memory', () => memoryRateLimiter());

it('forgets the counters of windows that have closed', async () => {
  const limiter = memoryRateLimiter();
  const limits = limitsFor({
    lane: 'proxy',
    tier: 'standard',
    tenantId: 't',
    installationId: 'i',
    manifest: {},
    host: 'h',
  });

  await limiter.take(limits, 1, 0);
  expect(limiter.counters()).toBe(3);
  await limiter.take(limits, 1, 60_000);
  expect(limiter.counters()).toBe(3);
});
