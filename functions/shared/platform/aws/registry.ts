import { auditLog } from '../../../../adapters/aws/audit-log';
import { documentsOf } from '../../../../adapters/aws/registry/document-client';
import { installationStore } from '../../../../adapters/aws/registry/installations';
import { rolloutStore } from '../../../../adapters/aws/registry/rollouts';
import { subscriberStore } from '../../../../adapters/aws/registry/subscribers';
import { tenantStore } from '../../../../adapters/aws/registry/tenants';
import type { Wired } from '../compose';
import type { PlatformConfig } from '../config';

/*
 * The registry table's stores (DynamoDB). Not the catalog (./catalog.ts): it brings semver, which
 * is CommonJS and would ride along in every function importing this file.
 */

type Table = Pick<PlatformConfig, 'table' | 'clients'>;

export const awsTenants = (config: Table) => tenantStore(config.table, documentsOf(config.clients?.dynamoDb));
export const awsInstallations = (config: Table) =>
  installationStore(config.table, documentsOf(config.clients?.dynamoDb));
export const awsRollouts = (config: Table) =>
  rolloutStore(config.table, documentsOf(config.clients?.dynamoDb));
export const awsSubscribers = (config: Table) =>
  subscriberStore(config.table, documentsOf(config.clients?.dynamoDb));

/** The audit log, archiving through the archive only when the root wires one in (./compose.ts). */
export const awsAudit = (config: Table, wired: Wired) =>
  auditLog({
    tableName: config.table,
    archive: wired.archive,
    documents: documentsOf(config.clients?.dynamoDb),
  });
