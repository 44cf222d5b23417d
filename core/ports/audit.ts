import type { AuditDraft, AuditRecord, ChainVerification } from '../audit';
import type { Page } from './page';

export interface AuditQuery {
  readonly from?: string;
  readonly to?: string;
  readonly actor?: string;
  readonly action?: string;
}

/** A draft as callers write it: the log fills in an id and the time when they are left out. */
export type AuditEntry = Omit<AuditDraft, 'id' | 'time'> & Partial<Pick<AuditDraft, 'id' | 'time'>>;

/**
 * The audit sink: one hash chain per tenant (core/audit), appended to by concurrent writers
 * without ever forking, queryable, and verifiable from storage.
 */
export interface AuditLog {
  /** Chains the draft onto its tenant's last record and stores it; answers the stored record. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /**
   * One tenant's records in chain order, filtered by time, actor id and action. A page holds at
   * most `limit` records and may hold fewer while a cursor says more may follow; a cursor is only
   * accepted by the listing that returned it (a ValidationError otherwise).
   */
  query(tenantId: string, filter: AuditQuery, limit: number, cursor?: string): Promise<Page<AuditRecord>>;
  /** Recomputes the tenant's chain from storage and checks it ends at the recorded head. */
  verify(tenantId: string): Promise<ChainVerification>;
  /** Archives what this process appended since the last flush, when the log has an archive. */
  flush(): Promise<void>;
}

/** Where audit records are kept for the retention period, beyond the reach of anyone's edits. */
export interface AuditArchive {
  /** Writes records (of any tenants, in any order); writing the same records again is harmless. */
  write(records: readonly AuditRecord[]): Promise<void>;
}
