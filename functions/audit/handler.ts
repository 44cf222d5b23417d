import { eventBridgePlatformEvents } from '../../adapters/aws/platform-events';
import { controlPlaneFromEnvironment } from '../shared/control-plane';
import { auditApi } from './api';

/** Lambda entry for the audit routes; adapters and clients are built once per container. */
export const handler = auditApi(
  controlPlaneFromEnvironment('audit', eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? '')),
);
