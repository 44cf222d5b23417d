import { type BucketGrid, bucketIndex } from './windows';

/** The lanes a plugin calls the platform on (functions/routes.ts areas whose caller is a plugin). */
export const LANES = ['canonical', 'operator', 'proxy', 'self'] as const;
export type Lane = (typeof LANES)[number];

/** One lane's series on a grid: calls and errors per bucket, and the latency percentiles of its calls. */
export interface LaneSeries {
  readonly lane: Lane;
  readonly calls: number[];
  /** Calls answered 4xx (refused) or 5xx (failed). */
  readonly errors: number[];
  /** Milliseconds; null in a bucket without calls. */
  readonly p50: Array<number | null>;
  readonly p95: Array<number | null>;
}

/** Egress calls to one host per bucket. */
export interface HostSeries {
  readonly host: string;
  readonly calls: number[];
}

/** Events per bucket at the installation's queues. */
export interface EventSeries {
  /**
   * Events the plugin received and deleted from its queue (handled). Absent where deliveries
   * cannot be seen (`vivified dev`: plugins poll their queues in the emulators themselves).
   */
  readonly delivered?: number[];
  /** The most events waiting in its dead-letter queue during the bucket; null where none was sampled. */
  readonly deadLettered: Array<number | null>;
}

/** A dead-letter queue's depth as read at one moment. */
export interface DeadLetterSample {
  readonly atMs: number;
  readonly waiting: number;
}

/**
 * Sampled dead-letter depths on a grid: the most seen in each bucket (as CloudWatch's Maximum of
 * the queue's depth), null in a bucket no sample fell in, since a depth not read is not zero.
 */
export function deadLetterSeriesOf(
  grid: BucketGrid,
  samples: Iterable<DeadLetterSample>,
): Array<number | null> {
  const most: Array<number | null> = Array.from({ length: grid.buckets }, () => null);
  for (const sample of samples) {
    const index = bucketIndex(grid, sample.atMs);
    if (index !== undefined) most[index] = Math.max(most[index] ?? 0, sample.waiting);
  }
  return most;
}

/** An installation's lane metrics over one window, on the window's grid. */
export interface InstallationMetrics {
  readonly window: BucketGrid['window'];
  /** The first bucket's start (ISO 8601). */
  readonly start: string;
  readonly bucketSeconds: number;
  /** The lanes called in the window, in LANES order. */
  readonly lanes: LaneSeries[];
  /** The hosts called through the proxy lane in the window, by name. */
  readonly egress: HostSeries[];
  /** Absent where the source sees neither deliveries nor dead letters. */
  readonly events?: EventSeries;
}

/** One lane call as recorded: who made it, on which lane, how long it took and how it ended. */
export interface LaneCallSample {
  readonly tenantId: string;
  readonly installationId: string;
  readonly lane: Lane;
  readonly atMs: number;
  readonly latencyMs: number;
  readonly failed: boolean;
  /** The host a proxy-lane call went to. */
  readonly host?: string;
}

/**
 * The value at a percentile of the samples, by nearest rank (what CloudWatch's pNN statistics
 * approximate), rounded to a tenth of a millisecond; null without samples.
 */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round(sorted[rank - 1]! * 10) / 10;
}

/** Buckets recorded samples on a grid: a lane or host appears only if it was called in the window. */
export function seriesOf(
  grid: BucketGrid,
  samples: Iterable<LaneCallSample>,
): Pick<InstallationMetrics, 'lanes' | 'egress'> {
  const zeros = () => Array.from({ length: grid.buckets }, () => 0);
  const lanes = new Map<Lane, { calls: number[]; errors: number[]; latencies: number[][] }>();
  const hosts = new Map<string, number[]>();
  for (const sample of samples) {
    const index = bucketIndex(grid, sample.atMs);
    if (index === undefined) continue;
    let lane = lanes.get(sample.lane);
    if (!lane) {
      lane = { calls: zeros(), errors: zeros(), latencies: Array.from({ length: grid.buckets }, () => []) };
      lanes.set(sample.lane, lane);
    }
    lane.calls[index]! += 1;
    if (sample.failed) lane.errors[index]! += 1;
    lane.latencies[index]!.push(sample.latencyMs);
    if (sample.host !== undefined) {
      const host = hosts.get(sample.host) ?? zeros();
      host[index]! += 1;
      hosts.set(sample.host, host);
    }
  }
  return {
    lanes: LANES.flatMap((name) => {
      const lane = lanes.get(name);
      if (!lane) return [];
      return [
        {
          lane: name,
          calls: lane.calls,
          errors: lane.errors,
          p50: lane.latencies.map((bucket) => percentile(bucket, 50)),
          p95: lane.latencies.map((bucket) => percentile(bucket, 95)),
        },
      ];
    }),
    egress: [...hosts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([host, calls]) => ({ host, calls })),
  };
}
