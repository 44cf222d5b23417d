import { Metrics } from '@aws-lambda-powertools/metrics';
import type { LaneMetricsRecorder } from '../../core/ports';
import { LANE_METRICS } from './lane-metric-names';

/**
 * Lane calls as EMF lines in the function's log, which CloudWatch turns into metrics with no API
 * call on the request's path (and no IAM grant). One single metric per line, flushed at once:
 * dimensions differ per call, and a shared instance would mix concurrent calls' dimensions.
 */
export function emfLaneMetrics(
  metrics = new Metrics({ namespace: LANE_METRICS.namespace, serviceName: LANE_METRICS.service }),
): LaneMetricsRecorder {
  const { dimensions: d } = LANE_METRICS;
  const emit = (
    dimensions: Record<string, string>,
    name: string,
    unit: 'Count' | 'Milliseconds',
    value: number,
  ) => {
    const metric = metrics.singleMetric();
    metric.addDimensions(dimensions);
    metric.addMetric(name, unit, value);
  };
  return {
    record(sample) {
      const owner = { [d.tenant]: sample.tenantId, [d.installation]: sample.installationId };
      emit({ ...owner, [d.lane]: sample.lane }, LANE_METRICS.latency, 'Milliseconds', sample.latencyMs);
      if (sample.failed) emit({ ...owner, [d.lane]: sample.lane }, LANE_METRICS.errors, 'Count', 1);
      if (sample.host !== undefined)
        emit({ ...owner, [d.host]: sample.host }, LANE_METRICS.egress, 'Count', 1);
    },
  };
}
