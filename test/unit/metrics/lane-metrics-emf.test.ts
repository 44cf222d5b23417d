import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emfLaneMetrics } from '../../../adapters/aws/lane-metrics-emf';

describe('lane metrics as EMF', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('writes one line per metric with the dimensions the CloudWatch reader asks for', () => {
    // Tests run with metrics disabled; this one reads what is written. Powertools writes through
    // a Console on the process's streams, made at construction: watched before the Metrics exists.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    const recorder = emfLaneMetrics(new Metrics({ namespace: 'Vivified', serviceName: 'vivified-lanes' }));

    recorder.record({
      tenantId: 'clinic',
      installationId: 'i-1',
      lane: 'proxy',
      atMs: 0,
      latencyMs: 12.5,
      failed: true,
      host: 'api.mailer.example',
    });
    recorder.record({
      tenantId: 'clinic',
      installationId: 'i-1',
      lane: 'self',
      atMs: 0,
      latencyMs: 3,
      failed: false,
    });

    const emitted = lines.map((line) => JSON.parse(line));
    const shape = emitted.map((line) => ({
      metric: line._aws.CloudWatchMetrics[0].Metrics[0].Name,
      dimensions: line._aws.CloudWatchMetrics[0].Dimensions[0],
    }));
    expect(shape).toEqual([
      { metric: 'LaneLatency', dimensions: ['service', 'TenantId', 'InstallationId', 'Lane'] },
      { metric: 'LaneErrors', dimensions: ['service', 'TenantId', 'InstallationId', 'Lane'] },
      { metric: 'EgressCalls', dimensions: ['service', 'TenantId', 'InstallationId', 'Host'] },
      { metric: 'LaneLatency', dimensions: ['service', 'TenantId', 'InstallationId', 'Lane'] },
    ]);
    expect(emitted[0]).toMatchObject({ service: 'vivified-lanes', Lane: 'proxy', LaneLatency: 12.5 });
    expect(emitted[2]).toMatchObject({ Host: 'api.mailer.example', EgressCalls: 1 });
  });
});
