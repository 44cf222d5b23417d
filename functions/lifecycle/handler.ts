import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsCredentials } from '../shared/platform/aws/credentials';
import { awsEnvelope } from '../shared/platform/aws/envelope';
import { awsAudit, awsInstallations, awsSubscribers } from '../shared/platform/aws/registry';
import { awsRuntime } from '../shared/platform/aws/runtime';
import { awsExternalTargets, awsSubscriptions } from '../shared/platform/aws/subscriptions';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { lifecycleApi } from './api';

/** Lambda entry for the lifecycle routes; adapters and clients are built once per container. */
export const handler = lifecycleApi(
  composePlatform(configFromEnvironment('lifecycle'), {
    catalog: awsCatalog,
    installations: awsInstallations,
    audit: awsAudit,
    envelope: awsEnvelope,
    runtime: awsRuntime,
    subscriptions: awsSubscriptions,
    subscribers: awsSubscribers,
    externalTargets: awsExternalTargets,
    credentials: awsCredentials,
    authenticate: userAuthentication,
    settings: platformSettings,
  }),
);
