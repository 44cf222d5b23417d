import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { observability } from '../../shared/control-plane';
import {
  laneSubscribersFromEnvironment,
  pluginLaneRegistryFromEnvironment,
} from '../../shared/environment/plugin-lanes';
import { credentialsFromEnvironment } from '../../shared/environment/registry';
import { setting } from '../../shared/environment/setting';
import { now, settingsFromEnvironment } from '../../shared/environment/settings';
import { canonicalLane } from './api';

/** Lambda entry of the canonical lane. */
export const handler = canonicalLane(
  {
    ...pluginLaneRegistryFromEnvironment(),
    subscribers: laneSubscribersFromEnvironment(),
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
