import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsAudit } from '../shared/platform/aws/registry';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { catalogApi } from './api';

/** Lambda entry for the catalog routes; adapters and clients are built once per container. */
export const handler = catalogApi(
  composePlatform(configFromEnvironment('catalog'), {
    catalog: awsCatalog,
    audit: awsAudit,
    authenticate: userAuthentication,
    settings: platformSettings,
  }),
);
