import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { secrets } from '../../../adapters/aws/clients';
import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { controlPlaneFromEnvironment } from '../../shared/control-plane';
import { selfService } from './api';

const api = (async () => {
  const plane = controlPlaneFromEnvironment(
    'self',
    eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? ''),
  );
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: process.env.VIVIFIED_OPERATOR_KEY_SECRET }),
  );
  const signer = await OperatorSigner.fromPrivateJwk(JSON.parse(SecretString ?? '{}'));
  return selfService(plane, { credentials: plane.credentials, operatorKeys: () => signer.jwks });
})();

/** Lambda entry of the plugins' self-service routes and the public operator keys. */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await api)(event, context);
