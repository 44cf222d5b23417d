import { auditLog } from '../../../../adapters/aws/audit-log';
import { installationStore } from '../../../../adapters/aws/registry/installations';
import { subscriberStore } from '../../../../adapters/aws/registry/subscribers';
import { tenantStore } from '../../../../adapters/aws/registry/tenants';
import type { Wired } from '../compose';
import type { PlatformConfig } from '../config';

/*
 * The registry table's stores (DynamoDB). Not the catalog (./catalog.ts): it brings semver, which
 * is CommonJS and would ride along in every function importing this file.
 */

type Table = Pick<PlatformConfig, 'table'>;

export const awsTenants = (config: Table) => tenantStore(config.table);
export const awsInstallations = (config: Table) => installationStore(config.table);
export const awsSubscribers = (config: Table) => subscriberStore(config.table);

/** The audit log, archiving through the archive only when the root wires one in (./compose.ts). */
export const awsAudit = (config: Table, wired: Wired) =>
  auditLog({ tableName: config.table, archive: wired.archive });
