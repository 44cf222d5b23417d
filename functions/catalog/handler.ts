import { eventBridgePlatformEvents } from '../../adapters/aws/platform-events';
import { controlPlaneFromEnvironment } from '../shared/control-plane';
import { catalogApi } from './api';

/** Lambda entry for the catalog routes; adapters and clients are built once per container. */
export const handler = catalogApi(
  controlPlaneFromEnvironment('catalog', eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? '')),
);
