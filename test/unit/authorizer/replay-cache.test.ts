import { describe, expect, it } from 'vitest';
import { ReplayCache } from '../../../sdk/node/src/replay-cache';

const clock = (start: number) => {
  let now = start;
  return { now: () => now, at: (ms: number) => (now = ms) };
};

describe('the Node SDK’s memory of answered operator calls', () => {
  it('refuses a second use of a call id until its expiry plus the skew, then forgets it', () => {
    const time = clock(1_000_000);
    const cache = new ReplayCache({ clockSkewSeconds: 30, now: time.now });

    expect(cache.admit('a', 1_060)).toBe('admitted');
    time.at(1_089_999);
    expect(cache.admit('a', 1_060)).toBe('replayed');
    time.at(1_090_000);
    expect(cache.admit('b', 1_200)).toBe('admitted');
    expect(cache.size).toBe(1);
  });

  it('is bounded: full of live calls it refuses new ones rather than forget any', () => {
    const time = clock(0);
    const cache = new ReplayCache({ maxEntries: 3, clockSkewSeconds: 0, now: time.now });
    for (const id of ['0', '1', '2']) expect(cache.admit(id, 60)).toBe('admitted');

    expect(cache.admit('late', 60)).toBe('full');
    expect(cache.admit('0', 60)).toBe('replayed');
    expect(cache.size).toBe(3);
    time.at(60_000);
    expect(cache.admit('late', 120)).toBe('admitted');
    expect(cache.size).toBe(1);
  });

  it('finds expired calls behind a live one when full, and keeps an id admitted again', () => {
    const time = clock(0);
    const cache = new ReplayCache({ maxEntries: 3, clockSkewSeconds: 0, now: time.now });
    cache.admit('live', 3_600);
    cache.admit('short', 1);
    time.at(2_000);
    // Admitted again (the clock stepped back and its signature verified anew): kept to its new expiry.
    expect(cache.admit('short', 3_600)).toBe('admitted');
    cache.admit('c', 3_600);
    expect(cache.admit('d', 3_600)).toBe('full');
    expect(cache.admit('short', 3_600)).toBe('replayed');

    const sweeping = new ReplayCache({ maxEntries: 2, clockSkewSeconds: 0, now: time.now });
    sweeping.admit('live', 3_600);
    sweeping.admit('expired', 1);
    expect(sweeping.admit('next', 3_600)).toBe('admitted');
  });
});
