import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { awsCatalog } from '../../shared/platform/aws/catalog';
import { awsCredentials } from '../../shared/platform/aws/credentials';
import { awsLaneMetrics } from '../../shared/platform/aws/lane-metrics';
import { awsOperatorSigner, cloudMapNames } from '../../shared/platform/aws/operator';
import { awsPanelSessions } from '../../shared/platform/aws/panel-sessions';
import {
  laneAudit,
  laneInstallations,
  laneRateLimiter,
  laneTenants,
} from '../../shared/platform/aws/tenant-scoped';
import { composePlatform } from '../../shared/platform/compose';
import { configFromEnvironment } from '../../shared/platform/config';
import { platformSettings } from '../../shared/platform/settings';
import { operatorLane } from './api';

const config = configFromEnvironment('operator');
const platform = composePlatform(config, {
  catalog: awsCatalog,
  installations: laneInstallations,
  tenants: laneTenants,
  rateLimiter: laneRateLimiter,
  audit: laneAudit,
  credentials: awsCredentials,
  signer: awsOperatorSigner,
  endpoints: cloudMapNames,
  laneMetrics: awsLaneMetrics,
  panelSessions: awsPanelSessions,
  settings: platformSettings,
});

/** Built once per container: the signing key comes from Secrets Manager at the first request. */
const lane = platform.signer.then((signer) =>
  operatorLane(platform, {
    identity: platform.identity,
    signer,
    endpoints: platform.endpoints,
  }),
);

/** Lambda entry of the operator lane (inside the VPC, next to the plugins). */
export const handler = async (event: APIGatewayProxyEvent, context: Context) => (await lane)(event, context);
