import {
  type DeadLetterSample,
  deadLetterSeriesOf,
  type LaneCallSample,
  seriesOf,
} from '../../core/metrics/lane-series';
import { bucketGrid } from '../../core/metrics/windows';
import type { LaneMetricsReader, LaneMetricsRecorder, SubscriptionWiring } from '../../core/ports';

export interface MemoryLaneMetricsOptions {
  /**
   * Calls kept per installation, newest first out: a plugin calling every 2 s makes 43,200 a day,
   * so the default keeps a day of such a plugin. @default 50 000
   */
  readonly callsPerInstallation?: number;
  /** Installations kept; the one recorded least recently is forgotten first. @default 1 000 */
  readonly installations?: number;
  /**
   * Reads an installation's dead-letter queue (in `vivified dev`, the emulated SQS): each query
   * samples it, and the samples make the dead-letter series. @default none: no events series
   */
  readonly deadLetters?: SubscriptionWiring['deadLetters'];
  /** Dead-letter samples kept per installation (a console polling every 10 s makes 8,640 a day). @default 10 000 */
  readonly samplesPerInstallation?: number;
}

/** A fixed-size ring of one installation's samples: the oldest is overwritten once it is full. */
class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  push(sample: T) {
    if (this.items.length < this.capacity) this.items.push(sample);
    else this.items[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }
  all(): readonly T[] {
    return this.items;
  }
}

/**
 * Lane metrics in this process (`vivified dev`, the test platform): every call kept, bounded per
 * installation and in installations, and bucketed when asked exactly as CloudWatch's grid is
 * (core/metrics). One process serves every lane and the health page locally, so what one
 * records the other reads. Event deliveries are not seen here: plugins poll their queues in
 * the emulators themselves, so `delivered` is left out rather than answered as zeros. Dead
 * letters are: with `deadLetters`, each query reads the installation's dead-letter queue depth
 * and keeps it, so the series shows what was sampled and null where nothing was.
 */
export function memoryLaneMetrics(
  options: MemoryLaneMetricsOptions = {},
): LaneMetricsRecorder & LaneMetricsReader {
  const perInstallation = options.callsPerInstallation ?? 50_000;
  const maxInstallations = options.installations ?? 1_000;
  const rings = new Map<string, Ring<LaneCallSample>>();
  const depths = new Map<string, Ring<DeadLetterSample>>();
  const keyOf = (tenantId: string, installationId: string) => `${tenantId}/${installationId}`;
  return {
    record(sample) {
      const key = keyOf(sample.tenantId, sample.installationId);
      const ring = rings.get(key) ?? new Ring<LaneCallSample>(perInstallation);
      // Re-inserted, so the Map's order is least recently recorded first.
      rings.delete(key);
      rings.set(key, ring);
      ring.push(sample);
      if (rings.size > maxInstallations) rings.delete(rings.keys().next().value as string);
    },
    async query(ask, now) {
      const grid = bucketGrid(ask.window, now);
      const key = keyOf(ask.tenantId, ask.installationId);
      const calls = rings.get(key)?.all() ?? [];
      if (options.deadLetters && ask.queues) {
        const { waiting } = await options.deadLetters(ask.queues);
        const ring = depths.get(key) ?? new Ring<DeadLetterSample>(options.samplesPerInstallation ?? 10_000);
        depths.set(key, ring);
        ring.push({ atMs: now.getTime(), waiting });
        if (depths.size > maxInstallations) depths.delete(depths.keys().next().value as string);
      }
      const sampled = depths.get(key)?.all();
      return {
        window: ask.window,
        start: new Date(grid.startMs).toISOString(),
        bucketSeconds: grid.bucketMs / 1000,
        ...seriesOf(grid, calls),
        ...(sampled ? { events: { deadLettered: deadLetterSeriesOf(grid, sampled) } } : {}),
      };
    },
  };
}
