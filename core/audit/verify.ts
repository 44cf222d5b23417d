import { recordHash } from './hash';
import { type AuditRecord, type ChainVerification, FIRST_SEQ, GENESIS_HASH } from './record';

/** The last record of an already verified segment, so a long chain can be verified page by page. */
export type ChainAnchor = Pick<AuditRecord, 'tenantId' | 'seq' | 'hash'>;

/** The record's hash, or undefined when it holds what canonical JSON cannot (a tampered NaN). */
function rehash(record: AuditRecord): string | undefined {
  try {
    return recordHash(record);
  } catch {
    return undefined;
  }
}

function breakOf(record: AuditRecord, tenantId: unknown, seq: number, prevHash: string) {
  if (record.tenantId !== tenantId) return 'tenant_mismatch';
  if (record.seq !== seq) return 'sequence_gap';
  if (record.prevHash !== prevHash) return 'prev_hash_mismatch';
  const hash = rehash(record);
  if (hash === undefined || hash !== record.hash) return 'hash_mismatch';
  return undefined;
}

/**
 * Checks a tenant's chain in order and names the first broken record. Without `after`, the list
 * must start at the tenant's genesis (seq 1, prevHash of zeros); with it, the list continues the
 * anchor. A change to any field of record k is reported at k: its own tenant, seq and prevHash are
 * compared with what the records before it imply, and everything else is covered by its hash.
 * `head` is the hash a next record must carry as prevHash.
 */
export function verifyChain(records: readonly AuditRecord[], after?: ChainAnchor): ChainVerification {
  const tenantId = after?.tenantId ?? records[0]?.tenantId;
  let seq = after === undefined ? FIRST_SEQ : after.seq + 1;
  let prevHash = after === undefined ? GENESIS_HASH : after.hash;
  for (const [index, record] of records.entries()) {
    const reason = breakOf(record, tenantId, seq, prevHash);
    if (reason !== undefined)
      return { ok: false, brokenAt: { index, seq: record.seq, id: record.id, reason } };
    seq += 1;
    prevHash = record.hash;
  }
  return { ok: true, count: records.length, head: prevHash };
}
