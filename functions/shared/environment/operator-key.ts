import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secrets } from '../../../adapters/aws/clients';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { requiredSetting } from './setting';

/**
 * The operator lane's signer, from the private JWK in Secrets Manager: read once per container, by
 * the operator lane (which signs calls) and self-service (which publishes the public key).
 */
export async function operatorSignerFromEnvironment(): Promise<OperatorSigner> {
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: requiredSetting('operatorKeySecret') }),
  );
  return OperatorSigner.fromPrivateJwk(JSON.parse(SecretString ?? '{}'));
}
