import type { AuditCheckpoint, AuditDraft, AuditRecord, ChainVerification, VerificationMode } from '../audit';
import type { Page } from './page';

export interface AuditQuery {
  readonly from?: string;
  readonly to?: string;
  readonly actor?: string;
  /** An action, exactly; or, ending in `*`, every action starting with what precedes it (`installation.*`). */
  readonly action?: string;
  readonly decision?: AuditRecord['decision'];
  /** Only the records of one request (its trace id). */
  readonly traceId?: string;
  /**
   * `oldest` answers in chain (or time) order, `newest` the reverse: people read the trail from
   * its end, auditors and verifiers from its start. @default 'oldest'
   */
  readonly order?: AuditOrder;
}

export type AuditOrder = 'oldest' | 'newest';

export interface AuditVerifyOptions {
  /**
   * `since_checkpoint` verifies the records after the newest checkpoint the archive vouches for
   * (bounded by the checkpoint interval); `full` every record from the genesis and every checkpoint.
   * @default 'since_checkpoint'
   */
  readonly mode?: VerificationMode;
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
   * One tenant's records filtered by time, actor id, action (or action prefix), decision and trace.
   * Unfiltered, in chain order; filtered, in time order (ties in chain order), which is chain order
   * wherever the writers' clocks agree; either reversed when `order` is `newest`. Every filter but
   * an action prefix is answered from an index, so such a filter nothing matches answers an empty
   * page at once. A page holds at most `limit` records and may hold fewer while a cursor says more
   * may follow; a cursor is only accepted by the listing that returned it, the same filters and
   * order of the same tenant (a ValidationError otherwise).
   */
  query(tenantId: string, filter: AuditQuery, limit: number, cursor?: string): Promise<Page<AuditRecord>>;
  /** One record of a tenant's chain by its position (`seq`), or undefined when there is none. */
  record(tenantId: string, seq: number): Promise<AuditRecord | undefined>;
  /**
   * Recomputes the tenant's chain from storage (core/audit `verifyStoredChain`): since the newest
   * checkpoint the archive vouches for, or in full; either way it must end at the recorded head.
   */
  verify(tenantId: string, options?: AuditVerifyOptions): Promise<ChainVerification>;
  /** Archives what this process appended since the last flush, when the log has an archive. */
  flush(): Promise<void>;
}

/** What verification asks of the archive: the checkpoints it vouches for. */
export interface AuditAnchors {
  /** The checkpoint the archive holds for a tenant's record `seq`; the first one written stands. */
  anchored(tenantId: string, seq: number): Promise<AuditCheckpoint | undefined>;
}

/**
 * Where audit records are kept for the retention period, beyond the reach of anyone's edits, and
 * the trust anchor of the chain's checkpoints.
 */
export interface AuditArchive extends AuditAnchors {
  /**
   * Writes records (of any tenants, in any order), and anchors the checkpoint of each record that
   * takes one (core/audit `isCheckpointDue`, derived from the record itself, never from what the
   * registry claims). Writing the same records again is harmless; an anchor is never replaced.
   */
  write(records: readonly AuditRecord[]): Promise<void>;
}
