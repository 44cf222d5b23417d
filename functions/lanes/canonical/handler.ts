import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { pluginCredentials } from '../../../adapters/aws/plugin-credentials';
import { controlPlaneFromEnvironment } from '../../shared/control-plane';
import { canonicalLane } from './api';

const busName = process.env.VIVIFIED_BUS_NAME ?? '';

/** Lambda entry of the canonical lane. */
export const handler = canonicalLane(
  controlPlaneFromEnvironment('canonical', eventBridgePlatformEvents(busName)),
  {
    identity: pluginCredentials({ keyId: process.env.VIVIFIED_SIGNING_KEY_ID ?? '' }),
    busName,
  },
);
