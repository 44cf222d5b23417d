import { eventBridgePlatformEvents } from '../../adapters/aws/platform-events';
import { controlPlaneFromEnvironment } from '../shared/control-plane';
import { checkHealth } from './check';

const plane = controlPlaneFromEnvironment(
  'health',
  eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? ''),
);

/** Lambda entry invoked by EventBridge Scheduler: one health round over every running installation. */
export const handler = async () => {
  const round = await checkHealth(plane);
  plane.logger.info('Health round finished', { checked: round.checked, changed: round.changed.length });
  return round;
};
