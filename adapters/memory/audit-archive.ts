import type { AuditRecord } from '../../core/audit';
import type { AuditArchive } from '../../core/ports';
import { copy } from './cursor';

/**
 * The audit archive in memory: what was written, by tenant and sequence number. Writing a record
 * again keeps the first copy, as the Object Lock bucket keeps every version it was given.
 */
export function memoryAuditArchive(): AuditArchive & {
  /** A tenant's archived records in chain order. */
  records(tenantId: string): AuditRecord[];
} {
  const kept = new Map<string, Map<number, AuditRecord>>();
  return {
    async write(records) {
      for (const record of records) {
        const chain = kept.get(record.tenantId) ?? new Map<number, AuditRecord>();
        if (!chain.has(record.seq)) chain.set(record.seq, copy(record));
        kept.set(record.tenantId, chain);
      }
    },
    records: (tenantId) => [...(kept.get(tenantId)?.values() ?? [])].sort((a, b) => a.seq - b.seq).map(copy),
  };
}
