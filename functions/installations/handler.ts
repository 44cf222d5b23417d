import { subscriberStore } from '../../adapters/aws/registry/subscribers';
import { observability } from '../shared/control-plane';
import { envelopeFromEnvironment } from '../shared/environment/envelope';
import { externalTargetsFromEnvironment, subscriptionsFromEnvironment } from '../shared/environment/events';
import { installedPluginsFromEnvironment } from '../shared/environment/installed-plugins';
import { credentialsFromEnvironment, registryTable } from '../shared/environment/registry';
import { runtimeFromEnvironment } from '../shared/environment/runtime';
import { authenticationFromEnvironment, now, settingsFromEnvironment } from '../shared/environment/settings';
import { installationsApi } from './api';

/** Lambda entry for the installations routes; adapters and clients are built once per container. */
export const handler = installationsApi({
  ...installedPluginsFromEnvironment(),
  envelope: envelopeFromEnvironment(),
  runtime: runtimeFromEnvironment(),
  subscriptions: subscriptionsFromEnvironment(),
  subscribers: subscriberStore(registryTable()),
  externalTargets: externalTargetsFromEnvironment(),
  credentials: credentialsFromEnvironment(),
  authenticate: authenticationFromEnvironment(),
  ...observability('installations'),
  settings: settingsFromEnvironment(),
  now,
});
