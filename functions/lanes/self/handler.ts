import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { awsCatalog } from '../../shared/platform/aws/catalog';
import { awsCredentials } from '../../shared/platform/aws/credentials';
import { awsLaneMetrics } from '../../shared/platform/aws/lane-metrics';
import { awsOperatorSigner } from '../../shared/platform/aws/operator';
import { laneAudit, laneInstallations } from '../../shared/platform/aws/tenant-scoped';
import { composePlatform } from '../../shared/platform/compose';
import { configFromEnvironment } from '../../shared/platform/config';
import { platformSettings } from '../../shared/platform/settings';
import { selfService } from './api';

const platform = composePlatform(configFromEnvironment('self'), {
  catalog: awsCatalog,
  installations: laneInstallations,
  audit: laneAudit,
  credentials: awsCredentials,
  signer: awsOperatorSigner,
  laneMetrics: awsLaneMetrics,
  settings: platformSettings,
});

const api = platform.signer.then((signer) =>
  selfService(platform, { credentials: platform.credentials, operatorKeys: () => signer.jwks }),
);

/** Lambda entry of the plugins' self-service routes and the public operator keys. */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await api)(event, context);
