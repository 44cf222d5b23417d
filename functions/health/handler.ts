import { awsPlatformEvents } from '../shared/platform/aws/canonical-bus';
import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsCredentials } from '../shared/platform/aws/credentials';
import { awsAudit, awsInstallations } from '../shared/platform/aws/registry';
import { awsRuntime } from '../shared/platform/aws/runtime';
import { awsSubscriptions } from '../shared/platform/aws/subscriptions';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { platformSettings } from '../shared/platform/settings';
import { checkHealth } from './check';
import { sweepStuck } from './sweep';

const plane = composePlatform(configFromEnvironment('health'), {
  catalog: awsCatalog,
  installations: awsInstallations,
  audit: awsAudit,
  runtime: awsRuntime,
  subscriptions: awsSubscriptions,
  credentials: awsCredentials,
  events: awsPlatformEvents,
  settings: platformSettings,
});

/** Lambda entry invoked by EventBridge Scheduler: one health round over every running installation. */
export const handler = async () => {
  const swept = await sweepStuck(plane);
  const round = await checkHealth(plane);
  plane.logger.info('Health round finished', {
    checked: round.checked,
    changed: round.changed.length,
    swept: swept.length,
  });
  return { ...round, swept: swept.map((i) => `${i.tenantId}/${i.pluginId}`) };
};
