import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { observability } from '../../shared/control-plane';
import { envelopeFromEnvironment } from '../../shared/environment/envelope';
import {
  auditFromEnvironment,
  credentialsFromEnvironment,
  registryTable,
} from '../../shared/environment/registry';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { proxyLane } from './api';

/** Lambda entry of the proxy lane: the only function outside the VPC, and the only way out. */
export const handler = proxyLane(
  {
    catalog: catalogStore(registryTable()),
    installations: installationStore(registryTable()),
    audit: auditFromEnvironment(),
    envelope: envelopeFromEnvironment(),
    ...observability('proxy'),
    settings: settingsFromEnvironment(),
  },
  { identity: credentialsFromEnvironment() },
);
