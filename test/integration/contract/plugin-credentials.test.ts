import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { kms } from '../../../adapters/aws/clients';
import { pluginCredentials } from '../../../adapters/aws/plugin-credentials';
import { pluginCredentialsContract } from '../../contract/plugin-credentials.contract';

const signingKey = async () =>
  (await kms.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048' }))).KeyMetadata!
    .KeyId!;

pluginCredentialsContract('KMS', async () => ({
  credentials: pluginCredentials({ keyId: await signingKey() }),
  other: pluginCredentials({ keyId: await signingKey() }),
}));
