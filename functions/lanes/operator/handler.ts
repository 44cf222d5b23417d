import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { secrets } from '../../../adapters/aws/clients';
import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { TokenBuckets } from '../../../core/lanes/token-bucket';
import { observability } from '../../shared/control-plane';
import {
  auditFromEnvironment,
  credentialsFromEnvironment,
  registryTable,
} from '../../shared/environment/registry';
import { runtimeFromEnvironment } from '../../shared/environment/runtime';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { operatorLane } from './api';

/** Built once per container: the signing key comes from Secrets Manager at the first request. */
const lane = (async () => {
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: process.env.VIVIFIED_OPERATOR_KEY_SECRET }),
  );
  return operatorLane(
    {
      catalog: catalogStore(registryTable()),
      installations: installationStore(registryTable()),
      audit: auditFromEnvironment(),
      runtime: runtimeFromEnvironment(),
      ...observability('operator'),
      settings: settingsFromEnvironment(),
    },
    {
      identity: credentialsFromEnvironment(),
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
