export { appendRecord } from './chain';
export { recordHash } from './hash';
export { isSensitiveKey, MASK, maskSensitive } from './mask';
export {
  type AuditActor,
  type AuditDraft,
  type AuditRecord,
  type AuditTarget,
  FIRST_SEQ,
  GENESIS_HASH,
} from './record';
export {
  type ChainAnchor,
  type ChainBreak,
  type ChainBreakReason,
  type ChainVerification,
  verifyChain,
} from './verify';
