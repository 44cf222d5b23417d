import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditCheckpoint, AuditRecord } from './record';

/**
 * Every this many records a tenant's chain takes a checkpoint, committed with the record that
 * completes them. Verifying since the last checkpoint then reads fewer than about twice this
 * many records (the last interval, and the one before while the newest anchor is on its way),
 * whatever the chain's length.
 */
export const CHECKPOINT_INTERVAL = 1000;

/**
 * How long a checkpoint may wait for its anchor in the archive before verification calls it
 * unanchored: the registry table's stream keeps a change 24 hours, and the archiver retries it
 * within them. A checkpoint still waiting is not trusted, only passed over for an older one.
 */
export const ANCHOR_GRACE_MS = 24 * 60 * 60 * 1000;

/** Whether the record of this sequence number completes an interval and takes a checkpoint. */
export const isCheckpointDue = (seq: number, interval: number = CHECKPOINT_INTERVAL): boolean =>
  Number.isInteger(interval) && interval > 0 && seq % interval === 0;

function hashedContent(checkpoint: Omit<AuditCheckpoint, 'hash'>) {
  const { tenantId, seq, head, time } = checkpoint;
  return { tenantId, seq, head, time };
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of the checkpoint without its hash. */
export function checkpointHash(checkpoint: Omit<AuditCheckpoint, 'hash'>): string {
  const canonical = canonicalize(hashedContent(checkpoint)) as string;
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * The checkpoint a record takes: its tenant, seq, hash and time. Since each record's hash covers
 * its predecessor's, the head hash commits to every record up to it; the checkpoint is wholly
 * determined by its record, so any writer (or a verifier) derives the same one.
 */
export function checkpointAt(record: AuditRecord): AuditCheckpoint {
  const content = { tenantId: record.tenantId, seq: record.seq, head: record.hash, time: record.time };
  return { ...content, hash: checkpointHash(content) };
}

const intact = (checkpoint: AuditCheckpoint) => {
  try {
    return checkpointHash(checkpoint) === checkpoint.hash;
  } catch {
    return false;
  }
};

const same = (a: AuditCheckpoint, b: AuditCheckpoint) =>
  a.tenantId === b.tenantId && a.seq === b.seq && a.head === b.head && a.time === b.time && a.hash === b.hash;

/**
 * What the archive (the trust anchor) says of a checkpoint the registry holds:
 * - `anchored`: the archive holds the same checkpoint, and it is intact;
 * - `mismatch`: the archive holds another one for that seq, or the registry's is not intact;
 * - `pending`: the archive holds none yet, and the checkpoint is younger than the grace;
 * - `unanchored`: the archive holds none, and the grace has passed (or its time is not a time).
 */
export type AnchorVerdict = 'anchored' | 'pending' | 'unanchored' | 'mismatch';

export function anchorVerdict(
  held: AuditCheckpoint,
  archived: AuditCheckpoint | undefined,
  now: Date,
  graceMs: number = ANCHOR_GRACE_MS,
): AnchorVerdict {
  if (!intact(held)) return 'mismatch';
  if (archived !== undefined) return same(held, archived) && intact(archived) ? 'anchored' : 'mismatch';
  const age = now.getTime() - Date.parse(held.time);
  return Number.isFinite(age) && age < graceMs ? 'pending' : 'unanchored';
}
