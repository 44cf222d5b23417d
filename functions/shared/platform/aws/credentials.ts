import { pluginCredentials } from '../../../../adapters/aws/plugin-credentials';
import type { PlatformConfig } from '../config';

/** Plugin credentials signed and verified with the credential key (KMS). */
export const awsCredentials = (config: Pick<PlatformConfig, 'credentialKey' | 'clients'>) =>
  pluginCredentials({ keyId: config.credentialKey, kms: config.clients?.kms });
