import { type AuditCheckpoint, type AuditRecord, checkpointAt, isCheckpointDue } from '../../core/audit';
import type { AuditArchive } from '../../core/ports';
import { copy } from './cursor';

export interface MemoryAuditArchiveOptions {
  /** Records per checkpoint, as the audit log takes them. @default CHECKPOINT_INTERVAL */
  readonly checkpointInterval?: number;
}

/**
 * The audit archive in memory: what was written, by tenant and sequence number, and the
 * checkpoint of each record that takes one. Writing a record again keeps the first copy, as the
 * Object Lock bucket keeps every version it was given and answers the first anchor written.
 */
export function memoryAuditArchive(options: MemoryAuditArchiveOptions = {}): AuditArchive & {
  /** A tenant's archived records in chain order. */
  records(tenantId: string): AuditRecord[];
  /** GetObject calls `anchored` made (as the S3 archive would). */
  readonly reads: { count: number };
} {
  const kept = new Map<string, Map<number, AuditRecord>>();
  const anchors = new Map<string, AuditCheckpoint>();
  const reads = { count: 0 };
  return {
    async write(records) {
      for (const record of records) {
        const chain = kept.get(record.tenantId) ?? new Map<number, AuditRecord>();
        if (!chain.has(record.seq)) chain.set(record.seq, copy(record));
        kept.set(record.tenantId, chain);
        const key = `${record.tenantId}/${record.seq}`;
        if (isCheckpointDue(record.seq, options.checkpointInterval) && !anchors.has(key))
          anchors.set(key, checkpointAt(record));
      }
    },
    async anchored(tenantId, seq) {
      reads.count++;
      const anchor = anchors.get(`${tenantId}/${seq}`);
      return anchor && copy(anchor);
    },
    records: (tenantId) => [...(kept.get(tenantId)?.values() ?? [])].sort((a, b) => a.seq - b.seq).map(copy),
    reads,
  };
}
