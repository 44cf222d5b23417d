/**
 * The windows an installation's lane metrics are shown over, each a fixed number of equal
 * buckets aligned to the clock, so every source (CloudWatch deployed, the local ring buffers in
 * `vivified dev`) answers the same grid and a chart never depends on where its data came from.
 */
export const METRICS_WINDOWS = {
  // One-minute buckets: CloudWatch's finest standard resolution, and the SQS metrics' own.
  hour: { buckets: 60, bucketSeconds: 60 },
  // Fifteen-minute buckets: 96 points stay readable on a narrow screen.
  day: { buckets: 96, bucketSeconds: 900 },
} as const;

export type MetricsWindow = keyof typeof METRICS_WINDOWS;

export const isMetricsWindow = (value: unknown): value is MetricsWindow =>
  typeof value === 'string' && Object.hasOwn(METRICS_WINDOWS, value);

/** The grid of a window ending with the bucket that holds `now`: its first bucket's start, width and count. */
export interface BucketGrid {
  readonly window: MetricsWindow;
  readonly startMs: number;
  readonly bucketMs: number;
  readonly buckets: number;
}

export function bucketGrid(window: MetricsWindow, now: Date): BucketGrid {
  const { buckets, bucketSeconds } = METRICS_WINDOWS[window];
  const bucketMs = bucketSeconds * 1000;
  const endMs = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  return { window, startMs: endMs - buckets * bucketMs, bucketMs, buckets };
}

/** The bucket a time falls in, or undefined outside the grid. */
export function bucketIndex(grid: BucketGrid, atMs: number): number | undefined {
  const index = Math.floor((atMs - grid.startMs) / grid.bucketMs);
  return index >= 0 && index < grid.buckets ? index : undefined;
}

/**
 * Places (time, value) points on the grid: points of the same bucket are summed, points outside
 * it dropped, and empty buckets are `empty` (0 for counts; null for percentiles, which have no
 * value without calls).
 */
export function placeOnGrid<E extends number | null>(
  grid: BucketGrid,
  points: ReadonlyArray<readonly [atMs: number, value: number]>,
  empty: E,
): Array<number | E> {
  const series: Array<number | E> = Array.from({ length: grid.buckets }, () => empty);
  for (const [atMs, value] of points) {
    const index = bucketIndex(grid, atMs);
    if (index !== undefined) series[index] = ((series[index] ?? 0) as number) + value;
  }
  return series;
}
