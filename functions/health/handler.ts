import { observability } from '../shared/control-plane';
import { platformEventsFromEnvironment, subscriptionsFromEnvironment } from '../shared/environment/events';
import { installedPluginsFromEnvironment } from '../shared/environment/installed-plugins';
import { credentialsFromEnvironment } from '../shared/environment/registry';
import { runtimeFromEnvironment } from '../shared/environment/runtime';
import { now, settingsFromEnvironment } from '../shared/environment/settings';
import { checkHealth } from './check';
import { sweepStuck } from './sweep';

const plane = {
  ...installedPluginsFromEnvironment(),
  runtime: runtimeFromEnvironment(),
  subscriptions: subscriptionsFromEnvironment(),
  credentials: credentialsFromEnvironment(),
  events: platformEventsFromEnvironment(),
  ...observability('health'),
  settings: settingsFromEnvironment(),
  now,
};

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
