import { memoryAuditArchive } from '../../../adapters/memory/audit-archive';
import { auditArchiveContract } from '../../contract/audit-archive.contract';

auditArchiveContract('memory', () => {
  const archive = memoryAuditArchive({ checkpointInterval: 4 });
  return { archive, archived: async (tenantId) => archive.records(tenantId) };
});
