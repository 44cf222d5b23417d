import { awsVerifiedAudit } from '../shared/platform/aws/verified-audit';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { auditApi } from './api';

/** Lambda entry for the audit routes; adapters and clients are built once per container. */
export const handler = auditApi(
  composePlatform(configFromEnvironment('audit'), {
    audit: awsVerifiedAudit,
    authenticate: userAuthentication,
    settings: platformSettings,
  }),
);
