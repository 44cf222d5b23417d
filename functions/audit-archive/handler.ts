import { awsAuditArchive } from '../shared/platform/aws/audit-archive';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { auditArchiver } from './archive';

const platform = composePlatform(configFromEnvironment('audit-archive'), { auditArchive: awsAuditArchive });

/** Lambda entry fed by the registry table's stream (audit records only, by the mapping's filter). */
export const handler = auditArchiver({ ...platform, archive: platform.auditArchive });
