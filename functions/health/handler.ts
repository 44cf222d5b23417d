import { eventBridgePlatformEvents } from '../../adapters/aws/platform-events';
import { controlPlaneFromEnvironment } from '../shared/control-plane';
import { checkHealth } from './check';
import { sweepStuck } from './sweep';

const plane = controlPlaneFromEnvironment(
  'health',
  eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? ''),
);

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
