import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { observability } from '../../shared/control-plane';
import { operatorSignerFromEnvironment } from '../../shared/environment/operator-key';
import { pluginLaneRegistryFromEnvironment } from '../../shared/environment/plugin-lanes';
import { credentialsFromEnvironment } from '../../shared/environment/registry';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { selfService } from './api';

const api = (async () => {
  const signer = await operatorSignerFromEnvironment();
  return selfService(
    {
      ...pluginLaneRegistryFromEnvironment(),
      ...observability('self'),
      settings: settingsFromEnvironment(),
    },
    { credentials: credentialsFromEnvironment(), operatorKeys: () => signer.jwks },
  );
})();

/** Lambda entry of the plugins' self-service routes and the public operator keys. */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await api)(event, context);
