import { observability } from '../../shared/control-plane';
import { envelopeFromEnvironment } from '../../shared/environment/envelope';
import { pluginLaneRegistryFromEnvironment } from '../../shared/environment/plugin-lanes';
import { credentialsFromEnvironment } from '../../shared/environment/registry';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { proxyLane } from './api';

/** Lambda entry of the proxy lane: the only function outside the VPC, and the only way out. */
export const handler = proxyLane(
  {
    ...pluginLaneRegistryFromEnvironment(),
    envelope: envelopeFromEnvironment(),
    ...observability('proxy'),
    settings: settingsFromEnvironment(),
  },
  { identity: credentialsFromEnvironment() },
);
