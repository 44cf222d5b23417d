import { describe, expect, it } from 'vitest';
import { bucketGrid, bucketIndex, isMetricsWindow, placeOnGrid } from '../../../core/metrics/windows';

describe('metrics windows', () => {
  it('grids the last hour as 60 one-minute buckets ending with the minute that holds now', () => {
    const grid = bucketGrid('hour', new Date('2026-12-04T03:30:25.000Z'));
    expect(grid).toEqual({
      window: 'hour',
      startMs: Date.parse('2026-12-04T02:31:00.000Z'),
      bucketMs: 60_000,
      buckets: 60,
    });
    expect(bucketIndex(grid, Date.parse('2026-12-04T03:30:59.999Z'))).toBe(59);
    expect(bucketIndex(grid, Date.parse('2026-12-04T02:31:00.000Z'))).toBe(0);
    expect(bucketIndex(grid, Date.parse('2026-12-04T02:30:59.999Z'))).toBeUndefined();
    expect(bucketIndex(grid, Date.parse('2026-12-04T03:31:00.000Z'))).toBeUndefined();
  });

  it('grids the last day as 96 fifteen-minute buckets aligned to the quarter hour', () => {
    const grid = bucketGrid('day', new Date('2026-12-04T03:30:25.000Z'));
    expect(grid.buckets).toBe(96);
    expect(grid.bucketMs).toBe(900_000);
    expect(new Date(grid.startMs).toISOString()).toBe('2026-12-03T03:45:00.000Z');
  });

  it('knows only its own windows', () => {
    expect(isMetricsWindow('hour')).toBe(true);
    expect(isMetricsWindow('day')).toBe(true);
    expect(isMetricsWindow('week')).toBe(false);
    expect(isMetricsWindow('toString')).toBe(false);
    expect(isMetricsWindow(undefined)).toBe(false);
  });

  it('sums points of one bucket, drops those off the grid and fills the rest with the empty value', () => {
    const grid = bucketGrid('hour', new Date('2026-12-04T03:30:25.000Z'));
    const last = Date.parse('2026-12-04T03:30:00.000Z');
    const counts = placeOnGrid(
      grid,
      [
        [last, 2],
        [last + 10, 3],
        [grid.startMs - 1, 7],
      ],
      0,
    );
    expect(counts).toHaveLength(60);
    expect(counts[59]).toBe(5);
    expect(counts.slice(0, 59).every((n) => n === 0)).toBe(true);
    const percentiles = placeOnGrid(grid, [[grid.startMs, 12.5]], null);
    expect(percentiles[0]).toBe(12.5);
    expect(percentiles[1]).toBeNull();
  });
});
