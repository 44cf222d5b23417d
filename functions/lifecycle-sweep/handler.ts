import { awsAudit, awsInstallations } from '../shared/platform/aws/registry';
import { awsRuntime } from '../shared/platform/aws/runtime';
import { awsSubscriptions } from '../shared/platform/aws/subscriptions';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { sweepStuck } from './sweep';

const plane = composePlatform(configFromEnvironment('lifecycle-sweep'), {
  installations: awsInstallations,
  audit: awsAudit,
  runtime: awsRuntime,
  subscriptions: awsSubscriptions,
});

/**
 * Lambda entry invoked by EventBridge Scheduler: ends the lifecycle steps a crashed or timed-out
 * lifecycle call left half done. It holds the lifecycle's permissions (undoing a stuck enable
 * removes its service, queue, rules and task role), which the health round no longer needs.
 */
export const handler = async () => {
  const swept = await sweepStuck(plane);
  plane.logger.info('Lifecycle sweep finished', { swept: swept.length });
  return { swept: swept.map((i) => `${i.tenantId}/${i.pluginId}`) };
};
