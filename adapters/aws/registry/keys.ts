import {
  AUDIT_PARTITION_PREFIX,
  CATALOG_PARTITION_PREFIX,
  TENANT_KEY_SORT_KEY,
  TENANT_PARTITION_PREFIX,
} from '../deploy-contract';

/**
 * Key design of the single registry table. One table keeps every access pattern a single Query
 * and lets state changes that span entities (an installation and its plugin's install count)
 * commit in one transaction.
 *
 * | entity          | pk                 | sk                        | gsi1pk (gsi1sk)              | gsi2pk (gsi2sk)                 |
 * |-----------------|--------------------|---------------------------|------------------------------|---------------------------------|
 * | tenant          | TENANT#<tenantId>  | TENANT                    | TENANTS (<tenantId>)         |                                 |
 * | tenant key      | TENANT#<tenantId>  | KEY (written by deploy)   |                              |                                 |
 * | plugin          | PLUGIN#<pluginId>  | PLUGIN                    | CATALOG (<pluginId>)         |                                 |
 * | plugin version  | PLUGIN#<pluginId>  | VERSION#<version>         |                              |                                 |
 * | plugin rollout  | PLUGIN#<pluginId>  | ROLLOUT                   | ROLLOUTS (<pluginId>) running|                                 |
 * | installation    | TENANT#<tenantId>  | INSTALLATION#<pluginId>   | INSTALLED#<pluginId> (<tid>) | STATE#<state> (<tid>#<plugin>)  |
 * | audit head      | AUDIT#<tenantId>   | HEAD                      |                              |                                 |
 * | audit record    | AUDIT#<tenantId>   | SEQ#<12-digit seq>        |                              |                                 |
 * | audit checkpoint| AUDIT#<tenantId>   | CHECKPOINT#<12-digit seq> |                              |                                 |
 *
 * Audit records also carry the keys of four audit indexes (./audit-keys.ts), each sorted by
 * `<time>#<12-digit seq>`: gsi3 by actor (`AUDIT#<tid>#ACTOR#<actor id>`), gsi4 by action, gsi5 by
 * decision, gsi6 by time alone (`AUDIT#<tid>#TIME`), gsi7 by trace (`AUDIT#<tid>#TRACE#<trace id>`).
 *
 * Access patterns: a tenant's installations (pk, begins_with sk); every installation of a plugin
 * (gsi1, to refuse deleting an installed plugin); installations by state (gsi2, for the health
 * schedule); the catalog (gsi1 CATALOG); a tenant's audit records in order (pk, sk range), its
 * newest checkpoints (pk, sk descending) and its records by actor, action, decision or time
 * (gsi3–gsi7, a key condition each: no filter over the chain).
 */
export const keys = {
  tenant: (tenantId: string) => ({ pk: `${TENANT_PARTITION_PREFIX}${tenantId}`, sk: 'TENANT' }),
  tenantKey: (tenantId: string) => ({ pk: `${TENANT_PARTITION_PREFIX}${tenantId}`, sk: TENANT_KEY_SORT_KEY }),
  plugin: (pluginId: string) => ({ pk: `${CATALOG_PARTITION_PREFIX}${pluginId}`, sk: 'PLUGIN' }),
  pluginVersion: (pluginId: string, version: string) => ({
    pk: `${CATALOG_PARTITION_PREFIX}${pluginId}`,
    sk: `VERSION#${version}`,
  }),
  rollout: (pluginId: string) => ({ pk: `${CATALOG_PARTITION_PREFIX}${pluginId}`, sk: 'ROLLOUT' }),
  installation: (tenantId: string, pluginId: string) => ({
    pk: `${TENANT_PARTITION_PREFIX}${tenantId}`,
    sk: `INSTALLATION#${pluginId}`,
  }),
  auditHead: (tenantId: string) => ({ pk: `${AUDIT_PARTITION_PREFIX}${tenantId}`, sk: 'HEAD' }),
  auditRecord: (tenantId: string, seq: number) => ({
    pk: `${AUDIT_PARTITION_PREFIX}${tenantId}`,
    sk: `SEQ#${String(seq).padStart(12, '0')}`,
  }),
  auditCheckpoint: (tenantId: string, seq: number) => ({
    pk: `${AUDIT_PARTITION_PREFIX}${tenantId}`,
    sk: `CHECKPOINT#${String(seq).padStart(12, '0')}`,
  }),
} as const;

export const INDEX = {
  byCollection: 'gsi1',
  byState: 'gsi2',
  auditByActor: 'gsi3',
  auditByAction: 'gsi4',
  auditByDecision: 'gsi5',
  auditByTime: 'gsi6',
  auditByTrace: 'gsi7',
} as const;
