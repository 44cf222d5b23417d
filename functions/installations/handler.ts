import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsDeadLetterCounts } from '../shared/platform/aws/dead-letter-counts';
import { awsMetricsReader } from '../shared/platform/aws/lane-metrics';
import { awsPanelSessions } from '../shared/platform/aws/panel-sessions';
import { awsAudit, awsInstallations, awsSubscribers } from '../shared/platform/aws/registry';
import { awsRuntimeProbe } from '../shared/platform/aws/runtime-probe';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { installationsApi } from './api';

/**
 * Lambda entry for the installation reads; adapters and clients are built once per container.
 * The runtime is the health round's read-only view, and dead letters are counted, never moved.
 */
export const handler = installationsApi(
  composePlatform(configFromEnvironment('installations'), {
    catalog: awsCatalog,
    installations: awsInstallations,
    audit: awsAudit,
    subscribers: awsSubscribers,
    runtime: awsRuntimeProbe,
    subscriptions: awsDeadLetterCounts,
    authenticate: userAuthentication,
    metricsReader: awsMetricsReader,
    panelSessions: awsPanelSessions,
    settings: platformSettings,
  }),
);
