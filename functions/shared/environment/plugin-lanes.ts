import { auditLog } from '../../../adapters/aws/audit-log';
import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { type DocumentsFor, ownRole } from '../../../adapters/aws/registry/document-client';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { subscriberStore } from '../../../adapters/aws/registry/subscribers';
import { tenantScopedDocuments } from '../../../adapters/aws/tenant-sessions';
import { registryTable } from './registry';
import { setting } from './setting';

let sessions: DocumentsFor | undefined;

/**
 * How the plugin lanes reach a tenant's items: through a session of the tenant data role tagged
 * with that tenant (deployed), so that IAM keeps each request to its tenant; with no role set (a
 * setup without one), through the function's own role. One set of sessions per container.
 */
export const laneDocuments = (): DocumentsFor => {
  if (!sessions) {
    const roleArn = setting('tenantDataRole');
    sessions = roleArn ? tenantScopedDocuments({ roleArn }) : ownRole;
  }
  return sessions;
};

/**
 * The registry ports of a plugin lane (installed-plugins.ts for the lanes): the catalog under the
 * lane's own role, a tenant's installations and audit chain through that tenant's session.
 */
export const pluginLaneRegistryFromEnvironment = () => ({
  catalog: catalogStore(registryTable()),
  installations: installationStore(registryTable(), laneDocuments()),
  audit: auditLog({ tableName: registryTable(), documentsFor: laneDocuments() }),
});

/** A tenant's external subscribers, through its session (the canonical lane's fan-out). */
export const laneSubscribersFromEnvironment = () => subscriberStore(registryTable(), laneDocuments());
