import { describe, expect, it } from 'vitest';
import {
  deadLetterSeriesOf,
  type LaneCallSample,
  percentile,
  seriesOf,
} from '../../../core/metrics/lane-series';
import { bucketGrid } from '../../../core/metrics/windows';

const now = new Date('2026-12-04T03:30:25.000Z');
const grid = bucketGrid('hour', now);
const sample = (over: Partial<LaneCallSample>): LaneCallSample => ({
  tenantId: 't',
  installationId: 'i',
  lane: 'canonical',
  atMs: now.getTime(),
  latencyMs: 10,
  failed: false,
  ...over,
});

describe('lane series', () => {
  it('takes percentiles by nearest rank, and none of no samples', () => {
    const samples = [5, 1, 4, 2, 3, 6, 7, 8, 9, 100];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(100);
    expect(percentile([1.23456], 50)).toBe(1.2);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([3, 9], 0)).toBe(3);
  });

  it('counts calls, errors and latency per lane and bucket, and egress calls per host', () => {
    const minuteAgo = now.getTime() - 60_000;
    const series = seriesOf(grid, [
      sample({ lane: 'proxy', latencyMs: 30, host: 'b.example' }),
      sample({ lane: 'proxy', latencyMs: 10, host: 'a.example', failed: true }),
      sample({ lane: 'canonical', latencyMs: 4, atMs: minuteAgo }),
      sample({ lane: 'canonical', atMs: grid.startMs - 1 }),
    ]);
    expect(series.lanes.map((l) => l.lane)).toEqual(['canonical', 'proxy']);
    const [canonical, proxy] = series.lanes;
    expect(canonical!.calls[58]).toBe(1);
    expect(canonical!.calls.reduce((a, b) => a + b)).toBe(1);
    expect(canonical!.p50[58]).toBe(4);
    expect(canonical!.p50[59]).toBeNull();
    expect(proxy!.calls[59]).toBe(2);
    expect(proxy!.errors[59]).toBe(1);
    expect(proxy!.p50[59]).toBe(10);
    expect(proxy!.p95[59]).toBe(30);
    expect(series.egress.map((h) => [h.host, h.calls[59]])).toEqual([
      ['a.example', 1],
      ['b.example', 1],
    ]);
  });

  it('answers no lanes and no hosts for a window without calls', () => {
    expect(seriesOf(grid, [])).toEqual({ lanes: [], egress: [] });
  });
});

describe('dead-letter series', () => {
  it('keeps the most sampled in each bucket, null where nothing was sampled, and drops samples off the grid', () => {
    // Prepare
    const grid = bucketGrid('hour', new Date('2026-12-04T03:30:25.000Z'));
    const at = (bucket: number) => grid.startMs + bucket * grid.bucketMs + 1;

    // Act
    const series = deadLetterSeriesOf(grid, [
      { atMs: at(58), waiting: 2 },
      { atMs: at(58), waiting: 5 },
      { atMs: at(58), waiting: 3 },
      { atMs: at(59), waiting: 0 },
      { atMs: grid.startMs - 1, waiting: 9 },
    ]);

    // Assess
    expect(series).toHaveLength(grid.buckets);
    expect(series.slice(-3)).toEqual([null, 5, 0]);
    expect(series.filter((n) => n !== null)).toEqual([5, 0]);
  });
});
