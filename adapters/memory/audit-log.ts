import { randomUUID } from 'node:crypto';
import { type AuditRecord, appendRecord, verifyChain } from '../../core/audit';
import type { AuditArchive, AuditLog } from '../../core/ports';
import { copy, pageOf } from './cursor';

export interface MemoryAuditLogOptions {
  /** Where `flush` writes the records appended since the last flush. @default none: `flush` does nothing */
  readonly archive?: AuditArchive;
  readonly now?: () => Date;
}

const seqKey = (seq: number) => String(seq).padStart(12, '0');

/**
 * The audit log in memory: each tenant's chain grows through core's `appendRecord`, exactly as
 * the DynamoDB log's does, and `verify` recomputes it with `verifyChain`. Appends happen one at a
 * time in this process, so the chain cannot fork.
 */
export function memoryAuditLog(options: MemoryAuditLogOptions = {}): AuditLog {
  const chains = new Map<string, AuditRecord[]>();
  const pending: AuditRecord[] = [];
  const now = options.now ?? (() => new Date());

  return {
    async append(entry) {
      const chain = chains.get(entry.tenantId) ?? [];
      const record = appendRecord(chain.at(-1), { id: randomUUID(), time: now().toISOString(), ...entry });
      chain.push(record);
      chains.set(entry.tenantId, chain);
      if (options.archive) pending.push(record);
      return copy(record);
    },

    async query(tenantId, filter, limit, cursor) {
      const matching = (chains.get(tenantId) ?? [])
        .filter(
          (r) =>
            (!filter.from || r.time >= filter.from) &&
            (!filter.to || r.time <= filter.to) &&
            (!filter.actor || r.actor.id === filter.actor) &&
            (!filter.action || r.action === filter.action),
        )
        .map((r) => [seqKey(r.seq), r] as const);
      const page = pageOf(matching, `audit/${tenantId}`, limit, cursor);
      return { ...page, items: page.items.map(copy) };
    },

    async verify(tenantId) {
      return verifyChain(chains.get(tenantId) ?? []);
    },

    async flush() {
      if (!options.archive || pending.length === 0) return;
      const batch = pending.splice(0, pending.length);
      try {
        await options.archive.write(batch);
      } catch (error) {
        // Kept for the next flush, as the DynamoDB log keeps them.
        pending.unshift(...batch);
        throw error;
      }
    },
  };
}
