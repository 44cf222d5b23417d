/**
 * Per-caller rate limiting: a token bucket per key. Each call takes one token; tokens refill
 * continuously at `ratePerSecond` up to `burst`. Pure and clock-injected, so it is exact in tests.
 */
export interface TokenBucketOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Buckets idle this long are forgotten, bounding memory. @default 10 minutes */
  readonly idleMs?: number;
}

export type Admission =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError('ratePerSecond must be positive and burst at least 1');
    }
  }

  take(key: string, now: number): Admission {
    this.sweep(now);
    const { ratePerSecond, burst } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number) {
    const idle = this.options.idleMs ?? 600_000;
    if (now - this.lastSweep < idle) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= idle) this.buckets.delete(key);
  }
}
