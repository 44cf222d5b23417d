import { eventBridgePlatformEvents } from '../../adapters/aws/platform-events';
import { controlPlaneFromEnvironment } from '../shared/control-plane';
import { installationsApi } from './api';

/** Lambda entry for the installations routes; adapters and clients are built once per container. */
export const handler = installationsApi(
  controlPlaneFromEnvironment(
    'installations',
    eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? ''),
  ),
);
