import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { subscriberStore } from '../../../adapters/aws/registry/subscribers';
import { observability } from '../../shared/control-plane';
import { installedPluginsFromEnvironment } from '../../shared/environment/installed-plugins';
import { credentialsFromEnvironment, registryTable } from '../../shared/environment/registry';
import { setting } from '../../shared/environment/setting';
import { now, settingsFromEnvironment } from '../../shared/environment/settings';
import { canonicalLane } from './api';

/** Lambda entry of the canonical lane. */
export const handler = canonicalLane(
  {
    ...installedPluginsFromEnvironment(),
    subscribers: subscriberStore(registryTable()),
    ...observability('canonical'),
    settings: settingsFromEnvironment(),
    now,
  },
  {
    identity: credentialsFromEnvironment(),
    bus: eventBridgeBus(),
    busName: setting('busName') ?? '',
  },
);
