/** Who acted: a user, a platform administrator, a plugin installation, or the platform itself. */
export interface AuditActor {
  readonly kind: 'user' | 'platform_admin' | 'plugin' | 'system';
  /** Subject of a user or platform admin, installation id of a plugin, component name for system. */
  readonly id: string;
}

/** What was acted on, e.g. `{ kind: 'installation', id: 'inst-1' }`. */
export interface AuditTarget {
  readonly kind: string;
  readonly id: string;
}

/**
 * One link of a tenant's audit chain. `hash` is SHA-256 over the RFC 8785 canonical JSON of every
 * other field, and `prevHash` is the previous record's `hash`, so changing, removing or reordering
 * any record breaks the chain from that record on.
 */
export interface AuditRecord {
  readonly id: string;
  /** ISO 8601 instant. */
  readonly time: string;
  readonly tenantId: string;
  readonly actor: AuditActor;
  /** The policy action, e.g. `installation.enable`, `operator.call`. */
  readonly action: string;
  readonly target: AuditTarget;
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly string[];
  readonly traceId: string;
  /** Free-form context; values under sensitive keys are masked before the record is hashed. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Position in the tenant's chain: 1 for the first record, then consecutive. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** What the caller supplies; the chain fills in sequence and hashes. */
export type AuditDraft = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** The `prevHash` of a tenant's first record. */
export const GENESIS_HASH = '0'.repeat(64);

export const FIRST_SEQ = 1;

/**
 * What verifying a chain finds. Kept with the record rather than the verifier, which hashes:
 * clients (the console) read these types without loading node:crypto.
 */

/** Why a link is broken, checked in this order for each record. */
export type ChainBreakReason = 'tenant_mismatch' | 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainBreak {
  /** Position of the first broken record in the list given to `verifyChain`. */
  readonly index: number;
  /** The record's seq and id as stored (they may be what was tampered with). */
  readonly seq: number;
  readonly id: string;
  readonly reason: ChainBreakReason;
}

export type ChainVerification =
  | { readonly ok: true; readonly count: number; readonly head: string }
  | { readonly ok: false; readonly brokenAt: ChainBreak };
