export { appendRecord } from './chain';
export {
  ANCHOR_GRACE_MS,
  type AnchorVerdict,
  anchorVerdict,
  CHECKPOINT_INTERVAL,
  checkpointAt,
  checkpointHash,
  isCheckpointDue,
} from './checkpoint';
export { recordHash } from './hash';
export { isSensitiveKey, MASK, maskSensitive } from './mask';
export {
  type AuditActor,
  type AuditActorName,
  type AuditCheckpoint,
  type AuditDraft,
  type AuditRecord,
  type AuditTarget,
  type ChainBreak,
  type ChainBreakReason,
  type ChainVerification,
  FIRST_SEQ,
  GENESIS_HASH,
  type VerificationMode,
} from './record';
export { type StoredChain, type StoredChainOptions, verifyStoredChain } from './verification';
export { type ChainAnchor, verifyChain } from './verify';
