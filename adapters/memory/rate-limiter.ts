import { hasRoom, secondsUntilEnd, windowAt } from '../../core/lanes/fixed-window';
import { counterId } from '../../core/lanes/rate-limits';
import type { RateLimiter } from '../../core/ports';

/**
 * Fixed-window counters in this process (`vivified dev`, unit tests, benchmarks): exact, since one
 * event loop checks and counts a call's limits with nothing in between. Not for deployment, where
 * every Lambda instance would count alone (adapters/aws/rate-limiter.ts is the shared one).
 */
export function memoryRateLimiter(): RateLimiter & { readonly counters: () => number } {
  const counts = new Map<string, { count: number; endMs: number }>();
  const forget = (nowMs: number) => {
    for (const [id, counter] of counts) if (counter.endMs <= nowMs) counts.delete(id);
  };
  return {
    async take(limits, cost, nowMs) {
      forget(nowMs);
      const counters = limits.map((limit) => {
        const window = windowAt(nowMs, limit.windowSeconds);
        return { limit, window, id: counterId(limit, window) };
      });
      for (const { limit, window, id } of counters) {
        if (!hasRoom(counts.get(id)?.count ?? 0, cost, limit.limit)) {
          return { admitted: false, limit, retryAfterSeconds: secondsUntilEnd(window, nowMs) };
        }
      }
      for (const { window, id } of counters) {
        counts.set(id, { count: (counts.get(id)?.count ?? 0) + cost, endMs: window.endMs });
      }
      return { admitted: true };
    },
    /** How many windows are being counted: old ones are forgotten, so this stays bounded. */
    counters: () => counts.size,
  };
}
