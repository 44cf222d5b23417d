import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { LANES } from '../../core/metrics/lane-series';
import { bucketGrid, placeOnGrid } from '../../core/metrics/windows';
import type { LaneMetricsReader } from '../../core/ports';
import { cloudWatch } from './clients';
import { INSTALLATION_RESOURCES } from './deploy-contract';
import { LANE_METRICS, QUEUE_METRICS } from './lane-metric-names';

/** A SEARCH expression's quoted value: a backslash or a double quote would end it early. */
const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * An installation's lane metrics from CloudWatch, in one GetMetricData request per page: per
 * lane the SampleCount, p50 and p95 of `LaneLatency` and the Sum of `LaneErrors` (percentiles are
 * statistics of the raw EMF values, no math needed); the hosts by a SEARCH expression, each
 * series labelled with its Host dimension; deliveries and dead letters from SQS's own metrics of
 * the installation's queues. The period is the window's bucket and the start is aligned to it,
 * so CloudWatch's points fall on the grid as they are.
 */
export function cloudWatchLaneMetrics(
  client: Pick<CloudWatchClient, 'send'> = cloudWatch,
): LaneMetricsReader {
  const { dimensions: d } = LANE_METRICS;
  return {
    async query(ask, now) {
      const grid = bucketGrid(ask.window, now);
      const period = grid.bucketMs / 1000;
      const owner: Dimension[] = [
        { Name: 'service', Value: LANE_METRICS.service },
        { Name: d.tenant, Value: ask.tenantId },
        { Name: d.installation, Value: ask.installationId },
      ];
      const stat = (
        Id: string,
        MetricName: string,
        Stat: string,
        Dimensions: Dimension[],
        Namespace: string = LANE_METRICS.namespace,
      ): MetricDataQuery => ({
        Id,
        MetricStat: { Metric: { Namespace, MetricName, Dimensions }, Period: period, Stat },
      });
      const queries: MetricDataQuery[] = [
        ...LANES.flatMap((lane, i) => {
          const dims = [...owner, { Name: d.lane, Value: lane }];
          return [
            stat(`calls${i}`, LANE_METRICS.latency, 'SampleCount', dims),
            stat(`p50${i}`, LANE_METRICS.latency, 'p50', dims),
            stat(`p95${i}`, LANE_METRICS.latency, 'p95', dims),
            stat(`errors${i}`, LANE_METRICS.errors, 'Sum', dims),
          ];
        }),
        {
          Id: 'egress',
          Expression: `SEARCH('{${LANE_METRICS.namespace},service,${d.tenant},${d.installation},${d.host}} MetricName=${quoted(LANE_METRICS.egress)} ${d.tenant}=${quoted(ask.tenantId)} ${d.installation}=${quoted(ask.installationId)}', 'Sum', ${period})`,
          Label: `\${PROP('Dim.${d.host}')}`,
        },
        stat(
          'delivered',
          QUEUE_METRICS.delivered,
          'Sum',
          [{ Name: QUEUE_METRICS.dimension, Value: INSTALLATION_RESOURCES.queueName(ask.installationId) }],
          QUEUE_METRICS.namespace,
        ),
        stat(
          'deadLettered',
          QUEUE_METRICS.deadLettered,
          'Maximum',
          [
            {
              Name: QUEUE_METRICS.dimension,
              Value: INSTALLATION_RESOURCES.deadLetterQueueName(ask.installationId),
            },
          ],
          QUEUE_METRICS.namespace,
        ),
      ];
      const results: MetricDataResult[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new GetMetricDataCommand({
            StartTime: new Date(grid.startMs),
            EndTime: new Date(grid.startMs + grid.buckets * grid.bucketMs),
            MetricDataQueries: queries,
            ScanBy: 'TimestampAscending',
            NextToken,
          }),
        );
        results.push(...(page.MetricDataResults ?? []));
        NextToken = page.NextToken;
      } while (NextToken);

      const pointsOf = (result: MetricDataResult | undefined) =>
        (result?.Timestamps ?? []).map((at, i) => [at.getTime(), result?.Values?.[i] ?? 0] as const);
      // A paged series comes back in parts under one id: joined before they are placed.
      const byId = (id: string) => results.filter((r) => r.Id === id).flatMap(pointsOf);
      const counts = (id: string) => placeOnGrid(grid, byId(id), 0);
      const latencies = (id: string) => placeOnGrid(grid, byId(id), null);
      const hosts = new Map<string, Array<readonly [number, number]>>();
      for (const result of results.filter((r) => r.Id === 'egress')) {
        const host = result.Label ?? '';
        hosts.set(host, [...(hosts.get(host) ?? []), ...pointsOf(result)]);
      }
      return {
        window: ask.window,
        start: new Date(grid.startMs).toISOString(),
        bucketSeconds: period,
        lanes: LANES.flatMap((lane, i) => {
          const calls = counts(`calls${i}`);
          if (!calls.some((n) => n > 0)) return [];
          return [
            {
              lane,
              calls,
              errors: counts(`errors${i}`),
              p50: latencies(`p50${i}`),
              p95: latencies(`p95${i}`),
            },
          ];
        }),
        egress: [...hosts.entries()]
          .map(([host, points]) => ({ host, calls: placeOnGrid(grid, points, 0) }))
          .filter((series) => series.calls.some((n) => n > 0))
          .sort((a, b) => a.host.localeCompare(b.host)),
        events: { delivered: counts('delivered'), deadLettered: counts('deadLettered') },
      };
    },
  };
}
