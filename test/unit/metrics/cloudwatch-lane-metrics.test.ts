import type { GetMetricDataCommand, GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { cloudWatchLaneMetrics } from '../../../adapters/aws/cloudwatch-lane-metrics';

const now = new Date('2026-12-04T03:30:25.000Z');
const ask = { tenantId: 'clinic', installationId: 'i-1', window: 'hour' } as const;
const at = (iso: string) => new Date(iso);

/** A client that records what it is asked and answers pages as GetMetricData would. */
function client(pages: Array<Partial<GetMetricDataCommandOutput>>) {
  const asked: GetMetricDataCommand['input'][] = [];
  return {
    asked,
    send: async (command: GetMetricDataCommand) => {
      asked.push(command.input);
      return pages.shift() as GetMetricDataCommandOutput;
    },
  };
}

describe('lane metrics from CloudWatch', () => {
  it('asks one aligned grid for each lane, the hosts by SEARCH and the installation’s queues', async () => {
    const cw = client([{ MetricDataResults: [] }]);

    const answer = await cloudWatchLaneMetrics(cw as never).query(ask, now);

    const [input] = cw.asked;
    expect(input?.StartTime).toEqual(at('2026-12-04T02:31:00.000Z'));
    expect(input?.EndTime).toEqual(at('2026-12-04T03:31:00.000Z'));
    const queries = input?.MetricDataQueries ?? [];
    expect(queries.find((q) => q.Id === 'p95' + '2')?.MetricStat).toEqual({
      Metric: {
        Namespace: 'Vivified',
        MetricName: 'LaneLatency',
        Dimensions: [
          { Name: 'service', Value: 'vivified-lanes' },
          { Name: 'TenantId', Value: 'clinic' },
          { Name: 'InstallationId', Value: 'i-1' },
          { Name: 'Lane', Value: 'proxy' },
        ],
      },
      Period: 60,
      Stat: 'p95',
    });
    expect(queries.find((q) => q.Id === 'egress')?.Expression).toBe(
      `SEARCH('{Vivified,service,TenantId,InstallationId,Host} MetricName="EgressCalls" TenantId="clinic" InstallationId="i-1"', 'Sum', 60)`,
    );
    expect(queries.find((q) => q.Id === 'deadLettered')?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'QueueName', Value: 'vivified-i-1-dlq' },
    ]);
    expect(answer.lanes).toEqual([]);
    expect(answer.egress).toEqual([]);
    expect(answer.events?.delivered).toHaveLength(60);
  });

  it('places every page’s points on the grid: lanes with calls, hosts by label, gaps as zeros or nulls', async () => {
    const minute = at('2026-12-04T03:30:00.000Z');
    const cw = client([
      {
        MetricDataResults: [
          { Id: 'calls3', Timestamps: [minute], Values: [4] },
          { Id: 'p503', Timestamps: [minute], Values: [12] },
          { Id: 'egress', Label: 'b.example', Timestamps: [minute], Values: [1] },
          { Id: 'egress', Label: 'quiet.example', Timestamps: [], Values: [] },
        ],
        NextToken: 'more',
      },
      {
        MetricDataResults: [
          { Id: 'errors3', Timestamps: [minute], Values: [1] },
          { Id: 'egress', Label: 'a.example', Timestamps: [minute], Values: [2] },
          { Id: 'deadLettered', Timestamps: [minute], Values: [3] },
        ],
      },
    ]);

    const answer = await cloudWatchLaneMetrics(cw as never).query({ ...ask, tenantId: 'a"b\\c' }, now);

    expect(cw.asked).toHaveLength(2);
    expect(cw.asked[1]?.NextToken).toBe('more');
    expect(cw.asked[0]?.MetricDataQueries?.find((q) => q.Id === 'egress')?.Expression).toContain(
      'TenantId="a\\"b\\\\c"',
    );
    expect(answer.lanes).toHaveLength(1);
    const [self] = answer.lanes;
    expect(self?.lane).toBe('self');
    expect(self?.calls.at(-1)).toBe(4);
    expect(self?.errors.at(-1)).toBe(1);
    expect(self?.p50.at(-1)).toBe(12);
    expect(self?.p95.at(-1)).toBeNull();
    expect(answer.egress.map((h) => [h.host, h.calls.at(-1)])).toEqual([
      ['a.example', 2],
      ['b.example', 1],
    ]);
    expect(answer.events?.deadLettered.at(-1)).toBe(3);
  });
});
