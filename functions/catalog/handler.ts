import { catalogStore } from '../../adapters/aws/registry/catalog';
import { observability } from '../shared/control-plane';
import { auditFromEnvironment, registryTable } from '../shared/environment/registry';
import { authenticationFromEnvironment, now, settingsFromEnvironment } from '../shared/environment/settings';
import { catalogApi } from './api';

/** Lambda entry for the catalog routes; adapters and clients are built once per container. */
export const handler = catalogApi({
  catalog: catalogStore(registryTable()),
  audit: auditFromEnvironment(),
  authenticate: authenticationFromEnvironment(),
  ...observability('catalog'),
  settings: settingsFromEnvironment(),
  now,
});
