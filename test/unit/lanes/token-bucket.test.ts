import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../core/lanes/token-bucket';

describe('token buckets', () => {
  it('admits a burst, then refuses with the time until the next token', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 });

    const burst = [0, 0, 0].map(() => buckets.take('a', 1_000));
    const over = buckets.take('a', 1_000);

    expect(burst.every((a) => a.allowed)).toBe(true);
    expect(over).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('a', 1_500).allowed).toBe(true);
    expect(buckets.take('b', 1_500).allowed).toBe(true);
  });

  it('rounds a long wait up to whole seconds', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 0.25, burst: 1 });
    buckets.take('a', 0);

    expect(buckets.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it('forgets idle callers', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1, idleMs: 1_000 });
    buckets.take('a', 0);
    buckets.take('b', 900);
    buckets.take('c', 1_000);

    expect(buckets.size).toBe(2);
  });

  it('refuses nonsense settings', () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });

  it('never admits more than burst + rate × elapsed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        const buckets = new TokenBuckets({ ratePerSecond: 5, burst: 4 });
        let now = 0;
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          if (buckets.take('k', now).allowed) admitted += 1;
        }
        expect(admitted).toBeLessThanOrEqual(4 + Math.floor((now / 1000) * 5) + 1);
      }),
    );
  });
});
