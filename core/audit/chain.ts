import { recordHash } from './hash';
import { maskSensitive } from './mask';
import { type AuditDraft, type AuditRecord, FIRST_SEQ, GENESIS_HASH } from './record';

/**
 * Details as they will be stored: sensitive values masked, then reduced to plain JSON (undefined
 * and functions dropped, NaN to null), so the record held in memory, the one written, and the one
 * a verifier re-hashes later are the same bytes.
 */
function storedDetails(details: AuditDraft['details']): AuditRecord['details'] {
  if (details === undefined) return undefined;
  return JSON.parse(JSON.stringify(maskSensitive(details))) as AuditRecord['details'];
}

/**
 * The next record of a tenant's chain: `prev` is the chain's current head (undefined for the
 * tenant's first record). Sequence and hashes are computed here; id and time come from the caller,
 * so this stays pure. Appending to another tenant's chain is a programming error and throws.
 */
export function appendRecord(prev: AuditRecord | undefined, draft: AuditDraft): AuditRecord {
  if (prev !== undefined && prev.tenantId !== draft.tenantId) {
    throw new Error(
      `An audit record of tenant ${draft.tenantId} cannot extend the chain of tenant ${prev.tenantId}.`,
    );
  }
  const details = storedDetails(draft.details);
  const unsealed = {
    id: draft.id,
    time: draft.time,
    tenantId: draft.tenantId,
    actor: { kind: draft.actor.kind, id: draft.actor.id },
    action: draft.action,
    target: { kind: draft.target.kind, id: draft.target.id },
    decision: draft.decision,
    reasons: [...draft.reasons],
    traceId: draft.traceId,
    ...(details === undefined ? {} : { details }),
    seq: prev === undefined ? FIRST_SEQ : prev.seq + 1,
    prevHash: prev === undefined ? GENESIS_HASH : prev.hash,
  };
  return { ...unsealed, hash: recordHash(unsealed) };
}
