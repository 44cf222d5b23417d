/** Who acted: a user, a platform administrator, a plugin installation, or the platform itself. */
export interface AuditActor {
  readonly kind: 'user' | 'platform_admin' | 'plugin' | 'system';
  /** Subject of a user or platform admin, installation id of a plugin, component name for system. */
  readonly id: string;
}

/**
 * Who an actor is in words a person reads, where the platform knows it: a plugin installation's
 * plugin and version, a user's display name. Never part of a record (the chain hashes what was
 * decided, not what a name was later): it travels beside the records it names.
 */
export interface AuditActorName {
  readonly id: string;
  readonly kind: AuditActor['kind'];
  readonly name: string;
  /** A plugin actor's plugin and installed version. */
  readonly pluginId?: string;
  readonly version?: string;
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

/**
 * A tenant's chain as of one record: its seq and hash (the head then, which commits to every record
 * up to it) and its time, sealed by a hash of its own. The registry keeps one every
 * `CHECKPOINT_INTERVAL` records; the Object Lock archive keeps the same one, and is what a
 * verifier trusts it by.
 */
export interface AuditCheckpoint {
  readonly tenantId: string;
  readonly seq: number;
  /** The hash of record `seq`. */
  readonly head: string;
  /** The time of record `seq`. */
  readonly time: string;
  /** SHA-256 over the RFC 8785 canonical JSON of the other fields. */
  readonly hash: string;
}

/**
 * Why a link is broken, checked in this order for each record; or why a checkpoint cannot be
 * trusted: it differs from the archive's (or from its record), or the archive never received it.
 */
export type ChainBreakReason =
  | 'tenant_mismatch'
  | 'sequence_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_mismatch'
  | 'checkpoint_unanchored';

export interface ChainBreak {
  /** Position of the first broken record among those verified (the list given to `verifyChain`). */
  readonly index: number;
  /** The record's seq and id as stored (they may be what was tampered with); a checkpoint's seq and `checkpoint/<seq>`. */
  readonly seq: number;
  readonly id: string;
  readonly reason: ChainBreakReason;
}

/**
 * How much of the chain a verification read: `full` from the genesis record, `since_checkpoint`
 * after the newest checkpoint the archive vouches for.
 */
export type VerificationMode = 'full' | 'since_checkpoint';

export type ChainVerification =
  | {
      readonly ok: true;
      /** Records verified (in `full` mode, the chain's length). */
      readonly count: number;
      readonly head: string;
      readonly mode?: VerificationMode;
      /** The anchored checkpoint verification started after; absent when it started at the genesis. */
      readonly checkpoint?: { readonly seq: number; readonly hash: string };
    }
  | { readonly ok: false; readonly brokenAt: ChainBreak; readonly mode?: VerificationMode };
