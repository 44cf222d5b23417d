import { auditLog } from '../../../../adapters/aws/audit-log';
import { dynamoRateLimiter } from '../../../../adapters/aws/rate-limiter';
import { documentsOf, type StoreDocuments } from '../../../../adapters/aws/registry/document-client';
import { installationStore } from '../../../../adapters/aws/registry/installations';
import { subscriberStore } from '../../../../adapters/aws/registry/subscribers';
import { tenantStore } from '../../../../adapters/aws/registry/tenants';
import { tenantScopedDocuments } from '../../../../adapters/aws/tenant-sessions';
import type { Wired } from '../compose';
import type { PlatformConfig } from '../config';

/*
 * The registry stores of the plugin lanes (canonical, operator, proxy, self-service), which serve
 * every tenant: a tenant's items go through a session of the tenant data role tagged with that
 * tenant, so IAM keeps each request to its tenant (docs/deploy.md, "Data per tenant"). Apart from
 * ./registry.ts so that only the lanes carry STS. Without a role set, the lane's own role.
 */

type LaneTable = Pick<PlatformConfig, 'table' | 'clients' | 'tenantDataRole'>;

// One set of sessions per container, shared by the lane's stores.
const sessions = new Map<string, StoreDocuments>();
export const laneDocuments = (config: LaneTable): StoreDocuments => {
  if (!config.tenantDataRole) return documentsOf(config.clients?.dynamoDb);
  let known = sessions.get(config.tenantDataRole);
  if (!known) {
    known = tenantScopedDocuments({ roleArn: config.tenantDataRole });
    sessions.set(config.tenantDataRole, known);
  }
  return known;
};

export const laneInstallations = (config: LaneTable) =>
  installationStore(config.table, laneDocuments(config));
export const laneSubscribers = (config: LaneTable) => subscriberStore(config.table, laneDocuments(config));
/** The lanes read a caller's tenant for its tier (the ceiling of its rate limits). */
export const laneTenants = (config: LaneTable) => tenantStore(config.table, laneDocuments(config));
/**
 * The shared call counters, through the same tenant sessions: the tenant data role may count only
 * the counters whose keys start with its session's tenant.
 */
export const laneRateLimiter = (config: LaneTable & Pick<PlatformConfig, 'rateLimitTable'>) =>
  dynamoRateLimiter({ tableName: config.rateLimitTable, documents: laneDocuments(config) });
export const laneAudit = (config: LaneTable, wired: Wired) =>
  auditLog({ tableName: config.table, archive: wired.archive, documents: laneDocuments(config) });
