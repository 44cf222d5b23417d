import { dedicatedKeys } from '../../../../adapters/aws/tenant-keys';
import type { PlatformConfig } from '../config';

/**
 * Only who has a dedicated key, what tenant creation checks: the envelope's tenant keys without
 * the Encryption SDK (not in ./envelope.ts, whose adapter builds the SDK when it loads).
 */
export const awsDedicatedKeys = (config: Pick<PlatformConfig, 'tenantKeys'>) =>
  dedicatedKeys(config.tenantKeys);
