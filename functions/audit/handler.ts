import { awsCatalog } from '../shared/platform/aws/catalog';
import { awsInstallations } from '../shared/platform/aws/registry';
import { awsVerifiedAudit } from '../shared/platform/aws/verified-audit';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { userAuthentication } from '../shared/platform/identity';
import { platformSettings } from '../shared/platform/settings';
import { auditApi } from './api';

/**
 * Lambda entry for the audit routes; adapters and clients are built once per container. The
 * installations and catalog name a page's plugin actors (the function's role reads every registry
 * item already). People are named where a directory is composed (`vivified dev`); deployed, the
 * Cognito pool is not read, so users are shown by subject.
 */
export const handler = auditApi(
  composePlatform(configFromEnvironment('audit'), {
    audit: awsVerifiedAudit,
    authenticate: userAuthentication,
    catalog: awsCatalog,
    installations: awsInstallations,
    settings: platformSettings,
  }),
);
