import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { type AuditRecord, appendRecord, GENESIS_HASH, recordHash, verifyChain } from '../../../core/audit';
import { chainOf, draft } from './fixtures';

describe('appendRecord', () => {
  it('starts a chain at seq 1 from the genesis hash', () => {
    const first = appendRecord(undefined, draft(1));

    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links each record to the previous one', () => {
    const [first, second] = chainOf([draft(1), draft(2)]);

    expect(second).toMatchObject({ seq: 2, prevHash: first?.hash });
  });

  it('hashes SHA-256 over the RFC 8785 form of the record without its hash', () => {
    const record = appendRecord(undefined, draft(1, { details: { b: 1, a: [true, null] } }));
    const { hash, ...rest } = record;
    const expected = createHash('sha256')
      .update(canonicalize(rest) as string)
      .digest('hex');

    expect(hash).toBe(expected);
    expect(canonicalize(rest)).toContain('"details":{"a":[true,null],"b":1}');
  });

  it('does not depend on key order', () => {
    const record = appendRecord(undefined, draft(1));
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as unknown as AuditRecord;

    expect(recordHash(reordered)).toBe(record.hash);
  });

  it('masks sensitive details before hashing, so stored and hashed content are the same', () => {
    const record = appendRecord(
      undefined,
      draft(1, { details: { config: { smtpPassword: 'hunter2', host: 'mail.example' }, when: new Date(0) } }),
    );

    expect(record.details).toEqual({
      config: { smtpPassword: '***', host: 'mail.example' },
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(record)).not.toContain('hunter2');
    expect(recordHash(record)).toBe(record.hash);
  });

  it('stores details as plain JSON, so a record read back from storage verifies', () => {
    const records = chainOf([
      draft(1, { details: { skipped: undefined, notANumber: Number.NaN, list: [undefined, 1] } }),
      draft(2),
    ]);
    const readBack = JSON.parse(JSON.stringify(records)) as AuditRecord[];

    expect(records[0]?.details).toEqual({ notANumber: null, list: [null, 1] });
    expect(readBack).toEqual(records);
    expect(verifyChain(readBack)).toMatchObject({ ok: true, count: 2 });
  });

  it('leaves out details when there are none', () => {
    expect(Object.hasOwn(appendRecord(undefined, draft(1)), 'details')).toBe(false);
  });

  it('copies what it is given, so later changes to the draft do not reach the record', () => {
    const reasons = ['because'];
    const record = appendRecord(undefined, draft(1, { reasons }));
    reasons.push('tampered');

    expect(record.reasons).toEqual(['because']);
    expect(verifyChain([record]).ok).toBe(true);
  });

  it("refuses to extend another tenant's chain", () => {
    const head = appendRecord(undefined, draft(1));

    expect(() => appendRecord(head, draft(2, { tenantId: 'clinic-b' }))).toThrow(
      'An audit record of tenant clinic-b cannot extend the chain of tenant clinic-a.',
    );
  });
});

describe('verifyChain', () => {
  const chain = chainOf([draft(1), draft(2), draft(3)]);

  it('accepts an intact chain and names its head', () => {
    expect(verifyChain(chain)).toEqual({ ok: true, count: 3, head: chain[2]?.hash });
  });

  it('accepts an empty chain, whose head is the genesis hash', () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });

  it('verifies a later page against the head of the page before', () => {
    const [first, ...rest] = chain;

    expect(verifyChain(rest, first)).toEqual({ ok: true, count: 2, head: chain[2]?.hash });
    expect(verifyChain([], first)).toEqual({ ok: true, count: 0, head: first?.hash });
    expect(verifyChain(rest)).toMatchObject({ ok: false, brokenAt: { index: 0, reason: 'sequence_gap' } });
  });

  it('refuses a page that does not continue the anchor', () => {
    const [first, , third] = chain;

    expect(verifyChain([third as AuditRecord], first)).toMatchObject({
      ok: false,
      brokenAt: { index: 0, seq: 3, id: 'rec-3', reason: 'sequence_gap' },
    });
    expect(verifyChain(chain.slice(1), { ...first!, tenantId: 'clinic-b' }).ok).toBe(false);
  });

  it.each([
    [
      'a changed field',
      (records: AuditRecord[]) => [records[0]!, { ...records[1]!, decision: 'deny' as const }, records[2]!],
      1,
      'hash_mismatch',
    ],
    ['a removed record', (records: AuditRecord[]) => [records[0]!, records[2]!], 1, 'sequence_gap'],
    [
      'swapped records',
      (records: AuditRecord[]) => [records[1]!, records[0]!, records[2]!],
      0,
      'sequence_gap',
    ],
    [
      'a re-linked record',
      (records: AuditRecord[]) => [records[0]!, { ...records[1]!, prevHash: GENESIS_HASH }, records[2]!],
      1,
      'prev_hash_mismatch',
    ],
    [
      'a record of another tenant',
      (records: AuditRecord[]) => [records[0]!, { ...records[1]!, tenantId: 'clinic-b' }, records[2]!],
      1,
      'tenant_mismatch',
    ],
    [
      'a first record that is not the genesis',
      (records: AuditRecord[]) => [{ ...records[0]!, prevHash: 'f'.repeat(64) }],
      0,
      'prev_hash_mismatch',
    ],
    [
      'a value canonical JSON cannot hold',
      (records: AuditRecord[]) => [{ ...records[0]!, details: { n: Number.NaN } }],
      0,
      'hash_mismatch',
    ],
  ] as const)('names the first broken record for %s', (_, tamper, index, reason) => {
    const tampered = tamper(chain);

    expect(verifyChain(tampered)).toEqual({
      ok: false,
      brokenAt: { index, seq: tampered[index]?.seq, id: tampered[index]?.id, reason },
    });
  });

  it('is not fooled by a record whose hash was removed', () => {
    const { hash: _, ...unsealed } = chain[0]!;

    expect(verifyChain([unsealed as AuditRecord])).toMatchObject({
      ok: false,
      brokenAt: { reason: 'hash_mismatch' },
    });
  });

  it('ignores storage metadata attached to a loaded record', () => {
    const loaded = chain.map((record) => ({ ...record, etag: 'abc' }));

    expect(verifyChain(loaded).ok).toBe(true);
  });
});
