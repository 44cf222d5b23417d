import { awsPlatformEvents } from '../shared/platform/aws/canonical-bus';
import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsCredentials } from '../shared/platform/aws/credentials';
import { awsDeadLetterCounts } from '../shared/platform/aws/dead-letter-counts';
import { awsAudit, awsInstallations } from '../shared/platform/aws/registry';
import { awsRuntimeProbe } from '../shared/platform/aws/runtime-probe';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { platformSettings } from '../shared/platform/settings';
import { checkHealth } from './check';

const plane = composePlatform(configFromEnvironment('health'), {
  catalog: awsCatalog,
  installations: awsInstallations,
  audit: awsAudit,
  runtime: awsRuntimeProbe,
  subscriptions: awsDeadLetterCounts,
  credentials: awsCredentials,
  events: awsPlatformEvents,
  settings: platformSettings,
});

/**
 * Lambda entry invoked by EventBridge Scheduler: one health round over every running installation.
 * Stuck lifecycle steps are the lifecycle sweep's (functions/lifecycle-sweep), so this function
 * only reads the runtime and rotates credentials.
 */
export const handler = async () => {
  const round = await checkHealth(plane);
  plane.logger.info('Health round finished', { checked: round.checked, changed: round.changed.length });
  return round;
};
