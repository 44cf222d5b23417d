import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { pluginCredentials } from '../../../adapters/aws/plugin-credentials';
import { controlPlaneFromEnvironment } from '../../shared/control-plane';
import { proxyLane } from './api';

/** Lambda entry of the proxy lane: the only function outside the VPC, and the only way out. */
export const handler = proxyLane(
  controlPlaneFromEnvironment('proxy', eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? '')),
  {
    identity: pluginCredentials({ keyId: process.env.VIVIFIED_SIGNING_KEY_ID ?? '' }),
  },
);
