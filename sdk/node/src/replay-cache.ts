/** How many answered calls a process remembers and for how long past their expiry. */
export interface ReplayCacheOptions {
  /**
   * Most calls remembered at once. While this many are still live, further calls are refused
   * until the oldest expire: flooding the memory must not make a captured signature usable again.
   * @default 10_000
   */
  readonly maxEntries?: number;
  /** Seconds a call id is kept past its signature's expiry, against the clock stepping back. @default 30 */
  readonly clockSkewSeconds?: number;
  /** The clock, in milliseconds (tests). @default Date.now */
  readonly now?: () => number;
}

export type ReplayVerdict = 'admitted' | 'replayed' | 'full';

/**
 * The ids (`jti`) of the operator calls this process accepted, each kept until its signature's
 * `exp` plus a skew: until then a second use of the same signature is refused, and after it the
 * signature no longer verifies by itself. Entries are in the order admitted, which is close to
 * the order they expire in, so forgetting starts at the front.
 */
export class ReplayCache {
  /** Call id → when it may be forgotten (ms). */
  private readonly seen = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly skewMs: number;
  private readonly now: () => number;

  constructor(options: ReplayCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.skewMs = Math.max(0, options.clockSkewSeconds ?? 30) * 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Records a call that expires at `exp` (seconds), unless it was seen already or no room is left. */
  admit(jti: string, exp: number): ReplayVerdict {
    const now = this.now();
    this.forget(now, true);
    const forgetAt = this.seen.get(jti);
    if (forgetAt !== undefined && now < forgetAt) return 'replayed';
    if (this.seen.size >= this.maxEntries) {
      this.forget(now, false);
      if (this.seen.size >= this.maxEntries) return 'full';
    }
    // Deleted first so a re-admitted id moves to the back, where its new expiry belongs.
    this.seen.delete(jti);
    this.seen.set(jti, exp * 1000 + this.skewMs);
    return 'admitted';
  }

  /** Drops the expired ids: those at the front only, or (for a full memory) every one. */
  private forget(now: number, frontOnly: boolean): void {
    for (const [jti, forgetAt] of this.seen) {
      if (now >= forgetAt) this.seen.delete(jti);
      else if (frontOnly) return;
    }
  }
}
