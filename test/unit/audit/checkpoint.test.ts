import { describe, expect, it } from 'vitest';
import { anchorVerdict, checkpointHash } from '../../../core/audit/checkpoint';
import type { AuditCheckpoint } from '../../../core/audit/record';

// A checkpoint read back from storage is data anyone with write access could have shaped: one
// that cannot even be hashed is a mismatch, never an error that stops verification.
describe('anchorVerdict on a checkpoint that cannot be hashed', () => {
  it('calls it a mismatch', () => {
    const content = {
      tenantId: 'clinic-a',
      seq: 1000,
      head: 'ab'.repeat(32),
      time: '2026-12-03T10:00:00.000Z',
    };
    const held: AuditCheckpoint = { ...content, hash: checkpointHash(content) };
    const unhashable = { ...held, seq: 1000n } as unknown as AuditCheckpoint;

    expect(anchorVerdict(held, held, new Date())).toBe('anchored');
    expect(anchorVerdict(unhashable, held, new Date())).toBe('mismatch');
    expect(anchorVerdict(held, unhashable, new Date())).toBe('mismatch');
  });
});
