import { awsTenants } from '../shared/platform/aws/registry';
import { awsVerifiedAudit } from '../shared/platform/aws/verified-audit';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { scheduledVerification } from './verify';

const platform = composePlatform(configFromEnvironment('audit-verify'), {
  tenants: awsTenants,
  audit: awsVerifiedAudit,
});

/** Lambda entry of the scheduled full verification (lib/constructs/audit-verification.ts). */
export const handler = scheduledVerification(platform);
