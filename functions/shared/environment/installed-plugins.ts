import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { auditFromEnvironment, registryTable } from './registry';

/**
 * The ports of every function that works on installed plugins (the lanes, installations, health):
 * their manifests, the installations and the audit log, which is also what resolving a plugin's
 * credential to a principal reads. Not in ./registry: the catalog store brings semver (CommonJS),
 * which the tenants and audit functions do without.
 */
export const installedPluginsFromEnvironment = () => ({
  catalog: catalogStore(registryTable()),
  installations: installationStore(registryTable()),
  audit: auditFromEnvironment(),
});
