import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryAuditTable } from '../../../adapters/memory/audit-table';
import { auditLogContract } from '../../contract/audit-log.contract';

// Logs over one memory table, as containers over one registry table: each test uses tenants of its own.
auditLogContract('memory', () => {
  const table = memoryAuditTable();
  return {
    logOf: (options) => memoryAuditLog({ ...options, table }),
    overwrite: async (item) => table.overwrite(item),
    remove: async (tenantId, fromSeq) => table.remove(tenantId, fromSeq),
    rewind: async (tenantId, toSeq) => table.rewind(tenantId, toSeq),
  };
});
