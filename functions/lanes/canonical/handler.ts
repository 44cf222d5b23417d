import { awsBus } from '../../shared/platform/aws/canonical-bus';
import { awsCatalog } from '../../shared/platform/aws/catalog';
import { awsCredentials } from '../../shared/platform/aws/credentials';
import { awsLaneMetrics } from '../../shared/platform/aws/lane-metrics';
import {
  laneAudit,
  laneInstallations,
  laneRateLimiter,
  laneSubscribers,
  laneTenants,
} from '../../shared/platform/aws/tenant-scoped';
import { composePlatform } from '../../shared/platform/compose';
import { configFromEnvironment } from '../../shared/platform/config';
import { platformSettings } from '../../shared/platform/settings';
import { canonicalLane } from './api';

const config = configFromEnvironment('canonical');
const platform = composePlatform(config, {
  catalog: awsCatalog,
  installations: laneInstallations,
  tenants: laneTenants,
  rateLimiter: laneRateLimiter,
  audit: laneAudit,
  subscribers: laneSubscribers,
  credentials: awsCredentials,
  bus: awsBus,
  laneMetrics: awsLaneMetrics,
  settings: platformSettings,
});

/** Lambda entry of the canonical lane. */
export const handler = canonicalLane(platform, {
  identity: platform.identity,
  bus: platform.bus,
  busName: config.busName,
});
