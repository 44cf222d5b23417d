import type { InstallationMetrics, LaneCallSample } from '../metrics/lane-series';
import type { MetricsWindow } from '../metrics/windows';
import type { DeadLetterResources } from './subscriptions';

/**
 * Records each lane call of an installation: deployed as EMF lines CloudWatch turns into metrics
 * (adapters/aws/lane-metrics-emf.ts), in `vivified dev` and tests into bounded ring buffers
 * (adapters/memory/lane-metrics.ts). Recording never fails a call: it is fire and forget.
 */
export interface LaneMetricsRecorder {
  record(sample: LaneCallSample): void;
}

/** Which installation's metrics, over which window. */
export interface MetricsAsk {
  readonly tenantId: string;
  readonly installationId: string;
  readonly window: MetricsWindow;
  /** The installation's queues, once it has been enabled: a reader that samples them reads these. */
  readonly queues?: DeadLetterResources;
}

/** Reads an installation's lane metrics back on the window's grid (core/metrics/windows.ts). */
export interface LaneMetricsReader {
  query(ask: MetricsAsk, now: Date): Promise<InstallationMetrics>;
}
