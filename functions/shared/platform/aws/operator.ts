import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secrets } from '../../../../adapters/aws/clients';
import { OperatorSigner } from '../../../../adapters/identity/operator-signing';
import { cloudMapEndpoints } from '../../../lanes/operator/endpoints';
import type { PlatformConfig } from '../config';

/**
 * The operator lane's signer, from the private JWK in Secrets Manager: read once per container, by
 * the operator lane (which signs calls) and self-service (which publishes the public key).
 */
export async function awsOperatorSigner(
  config: Pick<PlatformConfig, 'operatorKeySecret' | 'clients'>,
): Promise<OperatorSigner> {
  const client = config.clients?.secrets ?? secrets;
  const { SecretString } = await client.send(
    new GetSecretValueCommand({ SecretId: config.operatorKeySecret }),
  );
  return OperatorSigner.fromPrivateJwk(JSON.parse(SecretString ?? '{}'));
}

/** Deployed, every installation answers at its Cloud Map name (no ECS call per operator call). */
export const cloudMapNames = (config: Pick<PlatformConfig, 'serviceNamespaceName'>) => {
  if (!config.serviceNamespaceName) throw new Error('The operator lane needs the service namespace name.');
  return cloudMapEndpoints(config.serviceNamespaceName);
};
