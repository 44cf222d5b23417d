import { CreateKeyCommand } from '@aws-sdk/client-kms';
import type { Installation } from '../core/installation/types';

/**
 * A real credential for the benchmarked caller: an RS256 JWT signed by a fresh (LocalStack) KMS key,
 * with the verifier the lane uses. Call after `connectToEmulators()`: the SDK clients are loaded
 * here, once the emulator endpoints are in the environment.
 */
export async function callerCredential(caller: Installation) {
  const { kms } = await import('../adapters/aws/clients');
  const { pluginCredentials } = await import('../adapters/aws/plugin-credentials');
  const key = await kms.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048' }));
  const credentials = pluginCredentials({ keyId: key.KeyMetadata!.KeyId! });
  const { token } = await credentials.issue({
    tenantId: caller.tenantId,
    installationId: caller.installationId,
    pluginId: caller.pluginId,
    pluginVersion: caller.pluginVersion,
  });
  return { credentials, token };
}
