import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { subscriberStore } from '../../../adapters/aws/registry/subscribers';
import { observability } from '../../shared/control-plane';
import {
  auditFromEnvironment,
  credentialsFromEnvironment,
  registryTable,
} from '../../shared/environment/registry';
import { now, settingsFromEnvironment } from '../../shared/environment/settings';
import { canonicalLane } from './api';

/** Lambda entry of the canonical lane. */
export const handler = canonicalLane(
  {
    catalog: catalogStore(registryTable()),
    installations: installationStore(registryTable()),
    subscribers: subscriberStore(registryTable()),
    audit: auditFromEnvironment(),
    ...observability('canonical'),
    settings: settingsFromEnvironment(),
    now,
  },
  {
    identity: credentialsFromEnvironment(),
    busName: process.env.VIVIFIED_BUS_NAME ?? '',
  },
);
