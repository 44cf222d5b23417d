import { eventBridgeBus } from '../../../../adapters/aws/event-bus';
import { eventBridgePlatformEvents } from '../../../../adapters/aws/platform-events';
import type { PlatformConfig } from '../config';

/** The canonical lane's way onto the bus (EventBridge PutEvents; each entry names the bus, `busName`). */
export const awsBus = (config: Pick<PlatformConfig, 'busName' | 'clients'>) =>
  eventBridgeBus({ eventBridge: config.clients?.eventBridge });

/** The platform's own events on the canonical bus. */
export const awsPlatformEvents = (config: Pick<PlatformConfig, 'busName' | 'clients'>) =>
  eventBridgePlatformEvents(config.busName, { eventBridge: config.clients?.eventBridge });
