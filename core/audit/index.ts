export { appendRecord } from './chain';
export { recordHash } from './hash';
export { isSensitiveKey, MASK, maskSensitive } from './mask';
export {
  type AuditActor,
  type AuditDraft,
  type AuditRecord,
  type AuditTarget,
  type ChainBreak,
  type ChainBreakReason,
  type ChainVerification,
  FIRST_SEQ,
  GENESIS_HASH,
} from './record';
export { type ChainAnchor, verifyChain } from './verify';
