import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditRecord } from './record';

/**
 * The exact content a record's hash covers: every field but `hash`, picked by name so that storage
 * metadata attached to a loaded record (keys, version ids) neither breaks nor widens the hash.
 */
function hashedContent(record: Omit<AuditRecord, 'hash'>) {
  const { id, time, tenantId, actor, action, target, decision, reasons, traceId, details, seq, prevHash } =
    record;
  return { id, time, tenantId, actor, action, target, decision, reasons, traceId, details, seq, prevHash };
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of the record without its hash. Canonical form
 * makes the hash independent of key order and number formatting, so any language can verify it.
 * Throws when the record holds something JSON cannot express (NaN, Infinity).
 */
export function recordHash(record: Omit<AuditRecord, 'hash'>): string {
  const canonical = canonicalize(hashedContent(record)) as string;
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
