import { cloudWatchLaneMetrics } from '../../../../adapters/aws/cloudwatch-lane-metrics';
import { emfLaneMetrics } from '../../../../adapters/aws/lane-metrics-emf';
import type { PlatformConfig } from '../config';

/** The lanes count calls as EMF lines: no SDK client, no grant, nothing on the request's path. */
export const awsLaneMetrics = () => emfLaneMetrics();

/** The installation reads ask CloudWatch (cloudwatch:GetMetricData) for the health page's charts. */
export const awsMetricsReader = (config: Pick<PlatformConfig, 'clients'>) =>
  cloudWatchLaneMetrics(config.clients?.cloudWatch);
