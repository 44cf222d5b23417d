import { documentsOf } from '../../../../adapters/aws/registry/document-client';
import { registryTenantKeys } from '../../../../adapters/aws/tenant-keys';
import type { DedicatedKeys } from '../../../../core/ports';
import type { PlatformConfig } from '../config';

/**
 * Only who has a dedicated key, what tenant creation checks: the key items deploy wrote in the
 * registry, without the Encryption SDK (not in ./envelope.ts, whose adapter builds the SDK when it loads).
 */
export const awsDedicatedKeys = (config: Pick<PlatformConfig, 'table' | 'clients'>): DedicatedKeys => {
  const keys = registryTenantKeys({
    tableName: config.table,
    documents: documentsOf(config.clients?.dynamoDb),
  });
  return { dedicatedKeyOf: (tenantId) => keys.keyOf(tenantId) };
};
