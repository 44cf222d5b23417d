import { type LaneCallSample, seriesOf } from '../../core/metrics/lane-series';
import { bucketGrid } from '../../core/metrics/windows';
import type { LaneMetricsReader, LaneMetricsRecorder } from '../../core/ports';

export interface MemoryLaneMetricsOptions {
  /**
   * Calls kept per installation, newest first out: a plugin calling every 2 s makes 43,200 a day,
   * so the default keeps a day of such a plugin. @default 50 000
   */
  readonly callsPerInstallation?: number;
  /** Installations kept; the one recorded least recently is forgotten first. @default 1 000 */
  readonly installations?: number;
}

/** A fixed-size ring of one installation's calls: the oldest is overwritten once it is full. */
class CallRing {
  private readonly calls: LaneCallSample[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  push(sample: LaneCallSample) {
    if (this.calls.length < this.capacity) this.calls.push(sample);
    else this.calls[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }
  all(): readonly LaneCallSample[] {
    return this.calls;
  }
}

/**
 * Lane metrics in this process (`vivified dev`, the test platform): every call kept, bounded per
 * installation and in installations, and bucketed when asked exactly as CloudWatch's grid is
 * (core/metrics). One process serves every lane and the health page locally, so what one
 * records the other reads. Event deliveries are not seen here: plugins poll their queues in
 * the emulators themselves, so `events` is left out rather than answered as zeros.
 */
export function memoryLaneMetrics(
  options: MemoryLaneMetricsOptions = {},
): LaneMetricsRecorder & LaneMetricsReader {
  const perInstallation = options.callsPerInstallation ?? 50_000;
  const maxInstallations = options.installations ?? 1_000;
  const rings = new Map<string, CallRing>();
  const keyOf = (tenantId: string, installationId: string) => `${tenantId}/${installationId}`;
  return {
    record(sample) {
      const key = keyOf(sample.tenantId, sample.installationId);
      const ring = rings.get(key) ?? new CallRing(perInstallation);
      // Re-inserted, so the Map's order is least recently recorded first.
      rings.delete(key);
      rings.set(key, ring);
      ring.push(sample);
      if (rings.size > maxInstallations) rings.delete(rings.keys().next().value as string);
    },
    async query(ask, now) {
      const grid = bucketGrid(ask.window, now);
      const calls = rings.get(keyOf(ask.tenantId, ask.installationId))?.all() ?? [];
      return {
        window: ask.window,
        start: new Date(grid.startMs).toISOString(),
        bucketSeconds: grid.bucketMs / 1000,
        ...seriesOf(grid, calls),
      };
    },
  };
}
