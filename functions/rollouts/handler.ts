import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsAudit, awsInstallations, awsRollouts, awsTenants } from '../shared/platform/aws/registry';
import { awsRolloutDriver } from '../shared/platform/aws/rollout-driver';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { rolloutsApi } from './api';

/** Lambda entry for the rollout routes; adapters and clients are built once per container. */
export const handler = rolloutsApi(
  composePlatform(configFromEnvironment('rollouts'), {
    catalog: awsCatalog,
    audit: awsAudit,
    rollouts: awsRollouts,
    rolloutDriver: awsRolloutDriver,
    tenants: awsTenants,
    installations: awsInstallations,
    authenticate: userAuthentication,
    settings: platformSettings,
  }),
);
