import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { TokenBuckets } from '../../../core/lanes/token-bucket';
import { observability } from '../../shared/control-plane';
import { operatorSignerFromEnvironment } from '../../shared/environment/operator-key';
import { pluginLaneRegistryFromEnvironment } from '../../shared/environment/plugin-lanes';
import { credentialsFromEnvironment } from '../../shared/environment/registry';
import { requiredSetting, setting } from '../../shared/environment/setting';
import { settingsFromEnvironment } from '../../shared/environment/settings';
import { operatorLane } from './api';
import { cloudMapEndpoints } from './endpoints';

/** Built once per container: the signing key comes from Secrets Manager at the first request. */
const lane = (async () => {
  const signer = await operatorSignerFromEnvironment();
  return operatorLane(
    {
      ...pluginLaneRegistryFromEnvironment(),
      ...observability('operator'),
      settings: settingsFromEnvironment(),
    },
    {
      identity: credentialsFromEnvironment(),
      signer,
      endpoints: cloudMapEndpoints(requiredSetting('serviceNamespaceName')),
      // Per container; API Gateway's usage plan throttles globally on top of this.
      limits: new TokenBuckets({
        ratePerSecond: Number(setting('operatorRate') ?? 20),
        burst: Number(setting('operatorBurst') ?? 40),
      }),
    },
  );
})();

/** Lambda entry of the operator lane (inside the VPC, next to the plugins). */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await lane)(event, context);
