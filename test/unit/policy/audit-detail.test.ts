import { describe, expect, it } from 'vitest';
import { auditDetailOf, higherDetail, recordsAtLeast } from '../../../core/policy/audit-detail';

describe('auditDetailOf', () => {
  it.each<[string, readonly string[], 'basic' | 'detailed' | 'complete' | undefined, string]>([
    ['no declaration: the floor', [], undefined, 'basic'],
    ['more than the floor: honoured', [], 'complete', 'complete'],
    ['a PHI plugin without a declaration: its floor, detailed', ['handles_phi'], undefined, 'detailed'],
    ['a PHI plugin declaring less than its floor: never below it', ['handles_phi'], 'basic', 'detailed'],
    ['a PHI plugin declaring more: honoured', ['handles_phi'], 'complete', 'complete'],
  ])('%s', (_, traits, audit_level, level) => {
    expect(auditDetailOf({ traits, compliance: audit_level ? { audit_level } : undefined })).toBe(level);
  });

  it('orders the levels: the higher of two wins, and each records at least the ones below it', () => {
    expect(higherDetail('basic', 'detailed')).toBe('detailed');
    expect(higherDetail('complete', 'detailed')).toBe('complete');
    expect(recordsAtLeast('complete', 'detailed')).toBe(true);
    expect(recordsAtLeast('detailed', 'detailed')).toBe(true);
    expect(recordsAtLeast('basic', 'detailed')).toBe(false);
  });
});
