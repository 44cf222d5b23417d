import { tenantStore } from '../../adapters/aws/registry/tenants';
import { observability } from '../shared/control-plane';
import { auditFromEnvironment, registryTable } from '../shared/environment/registry';
import { authenticationFromEnvironment, now, settingsFromEnvironment } from '../shared/environment/settings';
import { dedicatedKeysFromEnvironment } from '../shared/environment/tenant-keys';
import { tenantsApi } from './api';

/** Lambda entry for the tenants routes; adapters and clients are built once per container. */
export const handler = tenantsApi({
  tenants: tenantStore(registryTable()),
  audit: auditFromEnvironment(),
  envelope: dedicatedKeysFromEnvironment(),
  authenticate: authenticationFromEnvironment(),
  ...observability('tenants'),
  settings: settingsFromEnvironment(),
  now,
});
