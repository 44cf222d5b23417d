import { kmsEnvelope } from '../../../../adapters/aws/envelope';
import { documentsOf } from '../../../../adapters/aws/registry/document-client';
import { registryTenantKeys } from '../../../../adapters/aws/tenant-keys';
import type { PlatformConfig } from '../config';

/**
 * Envelope encryption of config secrets under the tenant's dedicated key where the registry
 * records one, else the platform key (the Encryption SDK, CommonJS: only the functions that seal
 * or open).
 */
export const awsEnvelope = (config: Pick<PlatformConfig, 'platformKey' | 'table' | 'clients'>) =>
  kmsEnvelope({
    keyId: config.platformKey,
    tenantKeys: registryTenantKeys({
      tableName: config.table,
      documents: documentsOf(config.clients?.dynamoDb),
    }),
  });
