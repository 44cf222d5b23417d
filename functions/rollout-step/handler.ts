import { runStep } from '../../application/rollouts/run-step';
import type { RunnerPosition } from '../../core/rollout';
import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsCredentials } from '../shared/platform/aws/credentials';
import { awsMetricsReader } from '../shared/platform/aws/lane-metrics';
import { awsAudit, awsInstallations, awsRollouts, awsTenants } from '../shared/platform/aws/registry';
import { awsRuntime } from '../shared/platform/aws/runtime';
import { awsSubscriptions } from '../shared/platform/aws/subscriptions';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { platformSettings } from '../shared/platform/settings';

const plane = composePlatform(configFromEnvironment('rollout-step'), {
  catalog: awsCatalog,
  installations: awsInstallations,
  audit: awsAudit,
  rollouts: awsRollouts,
  tenants: awsTenants,
  runtime: awsRuntime,
  subscriptions: awsSubscriptions,
  credentials: awsCredentials,
  metricsReader: awsMetricsReader,
  settings: platformSettings,
});

/**
 * Lambda entry the rollout runner's state machine invokes for each step. Its input is the state
 * machine's own (started by adapters/aws/rollout-executions.ts), yet it is checked: a step for no
 * plugin would fail every retry of the run instead of once, here.
 */
export const handler = async (event: Partial<RunnerPosition>) => {
  if (typeof event?.pluginId !== 'string' || !Number.isInteger(event.steps)) {
    throw new TypeError('A rollout step takes { pluginId: string, steps: integer }.');
  }
  const next = await runStep(plane, { pluginId: event.pluginId, steps: event.steps as number });
  plane.logger.info('Rollout step', { ...next });
  return next;
};
