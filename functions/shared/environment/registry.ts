import { auditLog } from '../../../adapters/aws/audit-log';
import { pluginCredentials } from '../../../adapters/aws/plugin-credentials';
import { requiredSetting } from './setting';

/**
 * The registry table, the audit log, and plugin credentials (KMS signing key). The stores are built
 * where they are used (`tenantStore(registryTable())`, ./installed-plugins): the catalog store pulls
 * in semver, which is CommonJS and would otherwise ride along in every function importing this file.
 */

export const registryTable = () => requiredSetting('table');

/** Deployed, the table's stream feeds the audit archiver: no function writes the bucket itself. */
export const auditFromEnvironment = () => auditLog({ tableName: registryTable() });

export const credentialsFromEnvironment = () =>
  pluginCredentials({ keyId: requiredSetting('credentialKey') });
