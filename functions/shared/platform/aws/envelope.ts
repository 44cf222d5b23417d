import { kmsEnvelope } from '../../../../adapters/aws/envelope';
import type { PlatformConfig } from '../config';

/**
 * Envelope encryption of config secrets under the tenant's dedicated key where it has one, else
 * the platform key (the Encryption SDK, CommonJS: only the functions that seal or open).
 */
export const awsEnvelope = (config: Pick<PlatformConfig, 'platformKey' | 'tenantKeys'>) =>
  kmsEnvelope({ keyId: config.platformKey, tenantKeys: config.tenantKeys });
