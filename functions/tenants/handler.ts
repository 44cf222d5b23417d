import { eventBridgePlatformEvents } from '../../adapters/aws/platform-events';
import { controlPlaneFromEnvironment } from '../shared/control-plane';
import { tenantsApi } from './api';

/** Lambda entry for the tenants routes; adapters and clients are built once per container. */
export const handler = tenantsApi(
  controlPlaneFromEnvironment('tenants', eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? '')),
);
