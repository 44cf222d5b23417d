import { ANCHOR_GRACE_MS, type AnchorVerdict, anchorVerdict, checkpointAt } from './checkpoint';
import {
  type AuditCheckpoint,
  type AuditRecord,
  type ChainBreak,
  type ChainVerification,
  GENESIS_HASH,
  type VerificationMode,
} from './record';
import { type ChainAnchor, verifyChain } from './verify';

/**
 * What verifying a stored chain reads, in the storage's own terms: both audit logs implement it
 * over their records, their checkpoints and the archive's anchors, so the rules below are the
 * same for DynamoDB and memory.
 */
export interface StoredChain {
  readonly tenantId: string;
  /** The last committed record (the head item), read before anything else. */
  head(): Promise<AuditRecord | undefined>;
  /** The registry's newest checkpoints, newest first, at most `limit`. */
  latestCheckpoints(limit: number): Promise<readonly AuditCheckpoint[]>;
  /** Every checkpoint the registry holds, in chain order. */
  checkpoints(): AsyncIterable<AuditCheckpoint>;
  /** The records after `afterSeq`, in chain order, a page at a time. */
  records(afterSeq: number): AsyncIterable<readonly AuditRecord[]>;
  /** The archive's copy of the checkpoint at `seq`, if it holds one. */
  anchored(seq: number): Promise<AuditCheckpoint | undefined>;
}

export interface StoredChainOptions {
  readonly mode: VerificationMode;
  readonly now: Date;
  /** @default ANCHOR_GRACE_MS */
  readonly graceMs?: number;
  /** Checkpoints looked at, newest first, for one the archive vouches for. @default 8 */
  readonly candidates?: number;
  /**
   * Records per checkpoint: with it, an anchor the archive holds past the head (the next
   * interval's) shows records and checkpoints removed from the registry's end with the head
   * rewound, which the links alone cannot show. @default no such check
   */
  readonly checkpointInterval?: number;
}

const checkpointBreak = (
  index: number,
  checkpoint: AuditCheckpoint,
  verdict: Exclude<AnchorVerdict, 'anchored' | 'pending'>,
): ChainBreak => ({
  index,
  seq: checkpoint.seq,
  id: `checkpoint/${checkpoint.seq}`,
  reason: verdict === 'mismatch' ? 'checkpoint_mismatch' : 'checkpoint_unanchored',
});

/**
 * The newest checkpoint the archive vouches for, or a break: a checkpoint the archive holds
 * otherwise, or one it never received past the grace, is tampering; one still within the grace is
 * passed over for the one before. None (a young chain) means starting at the genesis.
 */
async function trustedStart(
  chain: StoredChain,
  options: StoredChainOptions,
): Promise<AuditCheckpoint | ChainBreak | undefined> {
  for (const checkpoint of await chain.latestCheckpoints(options.candidates ?? 8)) {
    const verdict = anchorVerdict(
      checkpoint,
      await chain.anchored(checkpoint.seq),
      options.now,
      options.graceMs ?? ANCHOR_GRACE_MS,
    );
    if (verdict === 'anchored') return checkpoint;
    if (verdict !== 'pending') return checkpointBreak(0, checkpoint, verdict);
  }
  return undefined;
}

/**
 * A break when the archive holds the checkpoint of the interval after the head's, and the head
 * has still not reached it when read again (appends may have got there since it was first read).
 */
async function rewoundHead(
  chain: StoredChain,
  last: AuditRecord | undefined,
  interval: number | undefined,
): Promise<ChainBreak | undefined> {
  if (interval === undefined || !Number.isInteger(interval) || interval <= 0) return undefined;
  const next = (Math.floor((last?.seq ?? 0) / interval) + 1) * interval;
  const beyond = await chain.anchored(next);
  if (beyond === undefined) return undefined;
  const again = await chain.head();
  if (again !== undefined && again.seq >= next) return undefined;
  return { index: 0, seq: next, id: `checkpoint/${next}`, reason: 'sequence_gap' };
}

const isBreak = (value: AuditCheckpoint | ChainBreak | undefined): value is ChainBreak =>
  value !== undefined && 'reason' in value;

/**
 * Verifies a tenant's chain from storage.
 *
 * `since_checkpoint` trusts the newest checkpoint the archive vouches for and verifies the records
 * after it: its cost is the records since that checkpoint, not the chain's length. A record
 * changed after it breaks the links there; one changed before it is the full mode's to find.
 *
 * `full` verifies every record from the genesis, and every checkpoint the registry holds against
 * both its record (the checkpoint that record takes) and the archive.
 *
 * Both end at the head item: records up to the head's seq must be there and the one at it must be
 * the head's, or the chain was truncated. The head is read first, so records appended while the
 * chain is read extend past it and are verified too.
 */
export async function verifyStoredChain(
  chain: StoredChain,
  options: StoredChainOptions,
): Promise<ChainVerification> {
  const { mode } = options;
  const broken = (brokenAt: ChainBreak): ChainVerification => ({ ok: false, brokenAt, mode });
  const last = await chain.head();
  const rewound = await rewoundHead(chain, last, options.checkpointInterval);
  if (rewound) return broken(rewound);
  let start: AuditCheckpoint | undefined;
  const held = new Map<number, AuditCheckpoint>();
  if (mode === 'since_checkpoint') {
    const found = await trustedStart(chain, options);
    if (isBreak(found)) return broken(found);
    start = found;
  } else {
    for await (const checkpoint of chain.checkpoints()) held.set(checkpoint.seq, checkpoint);
  }

  let anchor: ChainAnchor = {
    tenantId: chain.tenantId,
    seq: start?.seq ?? 0,
    hash: start?.head ?? GENESIS_HASH,
  };
  let count = 0;
  // A head at or before the trusted checkpoint is vouched for by it (the checkpoint was committed
  // with its record, and records are never removed without breaking the links after them).
  let headSeen =
    last === undefined ||
    (start !== undefined && last.seq <= start.seq && (last.seq < start.seq || last.hash === start.head));
  for await (const page of chain.records(start?.seq ?? 0)) {
    if (page.length === 0) continue;
    const result = verifyChain(page, anchor);
    if (!result.ok) return broken({ ...result.brokenAt, index: count + result.brokenAt.index });
    for (const [i, record] of page.entries()) {
      if (last !== undefined && record.seq === last.seq) headSeen = record.hash === last.hash;
      const checkpoint = held.get(record.seq);
      if (checkpoint === undefined) continue;
      const derived = checkpointAt(record);
      const verdict =
        checkpoint.hash !== derived.hash || checkpoint.head !== derived.head
          ? 'mismatch'
          : anchorVerdict(checkpoint, await chain.anchored(record.seq), options.now, options.graceMs);
      if (verdict === 'mismatch' || verdict === 'unanchored')
        return broken(checkpointBreak(count + i, checkpoint, verdict));
      held.delete(record.seq);
    }
    count += page.length;
    const tail = page.at(-1)!;
    anchor = { tenantId: chain.tenantId, seq: tail.seq, hash: tail.hash };
  }
  // A checkpoint is committed with its record: one whose record was not read names a record that is gone.
  const [orphan] = held.values();
  if (orphan) return broken(checkpointBreak(count, orphan, 'mismatch'));
  if (!headSeen) {
    // Records up to the head's were removed (or replaced): truncation is tampering too.
    return broken({ index: count, seq: last!.seq, id: last!.id, reason: 'sequence_gap' });
  }
  return {
    ok: true,
    count,
    head: anchor.hash,
    mode,
    ...(start ? { checkpoint: { seq: start.seq, hash: start.hash } } : {}),
  };
}
