import type { RateLimit } from '../lanes/rate-limits';

/** What a rate limiter answers for one call: admitted, or refused by the first limit it would pass. */
export type RateAdmission =
  | { readonly admitted: true }
  | {
      readonly admitted: false;
      /** The limit the call would have passed. */
      readonly limit: RateLimit;
      /** Whole seconds until that limit's window ends and the call may succeed. */
      readonly retryAfterSeconds: number;
    };

/**
 * Call limits that hold for the whole deployment, not per Lambda instance: every instance counts
 * in the same shared store. A call is admitted only if every limit has room for its `cost`, and
 * then it is counted against all of them at once; a refused call is counted against none, so a
 * caller over one limit does not use up another.
 */
export interface RateLimiter {
  take(limits: readonly RateLimit[], cost: number, nowMs: number): Promise<RateAdmission>;
}
