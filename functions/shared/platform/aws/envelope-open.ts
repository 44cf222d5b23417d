import { kmsEnvelopeOpener } from '../../../../adapters/aws/envelope-open';
import type { PlatformConfig } from '../config';

/**
 * Opening config secrets sealed under the tenant's dedicated key or the platform key, for the
 * proxy lane, which injects them and never seals one: the decrypting half of the Encryption SDK only.
 */
export const awsEnvelopeOpener = (config: Pick<PlatformConfig, 'platformKey' | 'tenantKeys'>) =>
  kmsEnvelopeOpener({ keyId: config.platformKey, tenantKeys: config.tenantKeys });
