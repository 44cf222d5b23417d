import { observability } from '../../shared/control-plane';
import { envelopeFromEnvironment } from '../../shared/environment/envelope';
import { installedPluginsFromEnvironment } from '../../shared/environment/installed-plugins';
import { credentialsFromEnvironment } from '../../shared/environment/registry';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { proxyLane } from './api';

/** Lambda entry of the proxy lane: the only function outside the VPC, and the only way out. */
export const handler = proxyLane(
  {
    ...installedPluginsFromEnvironment(),
    envelope: envelopeFromEnvironment(),
    ...observability('proxy'),
    settings: settingsFromEnvironment(),
  },
  { identity: credentialsFromEnvironment() },
);
