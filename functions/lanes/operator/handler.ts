import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { pluginCredentials } from '../../../adapters/aws/plugin-credentials';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { TokenBuckets } from '../../../core/lanes/token-bucket';
import { controlPlaneFromEnvironment } from '../../shared/control-plane';
import { operatorLane } from './api';

const secrets = new SecretsManagerClient({});

/** Built once per container: the signing key comes from Secrets Manager at the first request. */
const lane = (async () => {
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: process.env.VIVIFIED_OPERATOR_KEY_SECRET }),
  );
  return operatorLane(
    controlPlaneFromEnvironment('operator', eventBridgePlatformEvents(process.env.VIVIFIED_BUS_NAME ?? '')),
    {
      identity: pluginCredentials({ keyId: process.env.VIVIFIED_SIGNING_KEY_ID ?? '' }),
      signer: await OperatorSigner.fromPrivateJwk(JSON.parse(SecretString ?? '{}')),
      // Per container; API Gateway's usage plan throttles globally on top of this.
      limits: new TokenBuckets({
        ratePerSecond: Number(process.env.VIVIFIED_OPERATOR_RATE ?? 20),
        burst: Number(process.env.VIVIFIED_OPERATOR_BURST ?? 40),
      }),
    },
  );
})();

/** Lambda entry of the operator lane (inside the VPC, next to the plugins). */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await lane)(event, context);
