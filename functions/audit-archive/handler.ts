import { s3AuditArchive } from '../../adapters/aws/audit-archive';
import { observability } from '../shared/control-plane';
import { requiredSetting } from '../shared/environment/setting';
import { auditArchiver } from './archive';

/** Lambda entry fed by the registry table's stream (audit records only, by the mapping's filter). */
export const handler = auditArchiver({
  archive: s3AuditArchive(requiredSetting('auditBucket')),
  ...observability('audit-archive'),
});
