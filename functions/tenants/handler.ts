import { awsDedicatedKeys } from '../shared/platform/aws/dedicated-keys';
import { awsAudit, awsTenants } from '../shared/platform/aws/registry';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { tenantsApi } from './api';

/** Lambda entry for the tenants routes; adapters and clients are built once per container. */
export const handler = tenantsApi(
  composePlatform(configFromEnvironment('tenants'), {
    tenants: awsTenants,
    audit: awsAudit,
    envelope: awsDedicatedKeys,
    authenticate: userAuthentication,
    settings: platformSettings,
  }),
);
