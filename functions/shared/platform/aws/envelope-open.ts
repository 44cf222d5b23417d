import { kmsEnvelopeOpener } from '../../../../adapters/aws/envelope-open';
import { registryTenantKeys } from '../../../../adapters/aws/tenant-keys';
import type { PlatformConfig } from '../config';
import { laneDocuments } from './tenant-scoped';

/**
 * Opening config secrets sealed under the tenant's dedicated key or the platform key, for the
 * proxy lane, which injects them and never seals one: the decrypting half of the Encryption SDK
 * only. The lane finds a tenant's key in the tenant's own registry items, through the tenant's
 * session like every other item it reads.
 */
export const awsEnvelopeOpener = (
  config: Pick<PlatformConfig, 'platformKey' | 'table' | 'clients' | 'tenantDataRole'>,
) =>
  kmsEnvelopeOpener({
    keyId: config.platformKey,
    tenantKeys: registryTenantKeys({ tableName: config.table, documents: laneDocuments(config) }),
  });
