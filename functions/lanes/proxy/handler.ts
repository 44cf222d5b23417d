import { awsCatalogManifests } from '../../shared/platform/aws/catalog-manifests';
import { awsCredentials } from '../../shared/platform/aws/credentials';
import { awsEnvelopeOpener } from '../../shared/platform/aws/envelope-open';
import { awsLaneMetrics } from '../../shared/platform/aws/lane-metrics';
import {
  laneAudit,
  laneInstallations,
  laneRateLimiter,
  laneTenants,
} from '../../shared/platform/aws/tenant-scoped';
import { composePlatform } from '../../shared/platform/compose';
import { configFromEnvironment } from '../../shared/platform/config';
import { platformSettings } from '../../shared/platform/settings';
import { proxyLane } from './api';

const platform = composePlatform(configFromEnvironment('proxy'), {
  catalog: awsCatalogManifests,
  installations: laneInstallations,
  tenants: laneTenants,
  rateLimiter: laneRateLimiter,
  audit: laneAudit,
  envelope: awsEnvelopeOpener,
  credentials: awsCredentials,
  laneMetrics: awsLaneMetrics,
  settings: platformSettings,
});

/** Lambda entry of the proxy lane: the only function outside the VPC, and the only way out. */
export const handler = proxyLane(platform, { identity: platform.identity });
