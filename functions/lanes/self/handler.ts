import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { secrets } from '../../../adapters/aws/clients';
import { catalogStore } from '../../../adapters/aws/registry/catalog';
import { installationStore } from '../../../adapters/aws/registry/installations';
import { OperatorSigner } from '../../../adapters/identity/operator-signing';
import { observability } from '../../shared/control-plane';
import {
  auditFromEnvironment,
  credentialsFromEnvironment,
  registryTable,
} from '../../shared/environment/registry';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { selfService } from './api';

const api = (async () => {
  const { SecretString } = await secrets.send(
    new GetSecretValueCommand({ SecretId: process.env.VIVIFIED_OPERATOR_KEY_SECRET }),
  );
  const signer = await OperatorSigner.fromPrivateJwk(JSON.parse(SecretString ?? '{}'));
  return selfService(
    {
      catalog: catalogStore(registryTable()),
      installations: installationStore(registryTable()),
      audit: auditFromEnvironment(),
      ...observability('self'),
      settings: settingsFromEnvironment(),
    },
    { credentials: credentialsFromEnvironment(), operatorKeys: () => signer.jwks },
  );
})();

/** Lambda entry of the plugins' self-service routes and the public operator keys. */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await api)(event, context);
