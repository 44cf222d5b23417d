/**
 * The arithmetic of a fixed-window counter: time is cut into windows of `windowSeconds` aligned to
 * the epoch, so every instance that counts a key agrees on which window a call falls in without
 * talking to the others, and each window is a counter of its own that nobody needs to reset.
 */
export interface Window {
  /** Epoch ms at which the window opened. */
  readonly startMs: number;
  /** Epoch ms at which it closes (and the next one opens). */
  readonly endMs: number;
}

export function windowAt(nowMs: number, windowSeconds: number): Window {
  const length = windowSeconds * 1000;
  const startMs = Math.floor(nowMs / length) * length;
  return { startMs, endMs: startMs + length };
}

/** Whole seconds until the window closes; at least 1, since `Retry-After: 0` invites a tight loop. */
export const secondsUntilEnd = (window: Window, nowMs: number): number =>
  Math.max(1, Math.ceil((window.endMs - nowMs) / 1000));

/** Whether a counter at `count` has room for `cost` more under `limit`. */
export const hasRoom = (count: number, cost: number, limit: number): boolean => count + cost <= limit;
