import { kmsEnvelope } from '../../../adapters/aws/envelope';
import { requiredSetting } from './setting';
import { tenantKeysFromEnvironment } from './tenant-keys';

/**
 * Envelope encryption of config secrets, under the tenant's dedicated key where it has one (the
 * Encryption SDK: only the functions that seal or open).
 */
export const envelopeFromEnvironment = () =>
  kmsEnvelope({ keyId: requiredSetting('platformKey'), tenantKeys: tenantKeysFromEnvironment() });
