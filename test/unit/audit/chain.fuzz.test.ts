import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditDraft, type AuditRecord, verifyChain } from '../../../core/audit';
import { chainOf } from './fixtures';

const text = fc.string({ minLength: 1, maxLength: 12 });

const auditDraft = (tenantId: string): fc.Arbitrary<AuditDraft> =>
  fc.record(
    {
      id: fc.uuid(),
      time: fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString()),
      tenantId: fc.constant(tenantId),
      actor: fc.record({ kind: fc.constantFrom('user', 'platform_admin', 'plugin', 'system'), id: text }),
      action: fc.constantFrom('installation.enable', 'operator.call', 'canonical.publish', 'audit.read'),
      target: fc.record({ kind: text, id: text }),
      decision: fc.constantFrom('allow', 'deny'),
      reasons: fc.array(text, { maxLength: 3 }),
      traceId: text,
      details: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    },
    {
      requiredKeys: ['id', 'time', 'tenantId', 'actor', 'action', 'target', 'decision', 'reasons', 'traceId'],
    },
  ) as fc.Arbitrary<AuditDraft>;

const FIELDS = [
  'id',
  'time',
  'tenantId',
  'actor',
  'action',
  'target',
  'decision',
  'reasons',
  'traceId',
  'details',
  'seq',
  'prevHash',
  'hash',
] as const;
type Field = (typeof FIELDS)[number];

/** A different value for one field of a record; `noise` is non-empty and `n` picks a variant. */
function changed(record: AuditRecord, field: Field, noise: string, n: number): AuditRecord {
  const value = (() => {
    switch (field) {
      case 'actor':
        return n % 2 === 0
          ? { ...record.actor, id: record.actor.id + noise }
          : { ...record.actor, kind: record.actor.kind === 'user' ? 'plugin' : 'user' };
      case 'target':
        return n % 2 === 0
          ? { ...record.target, id: record.target.id + noise }
          : { ...record.target, kind: noise + record.target.kind };
      case 'decision':
        return record.decision === 'allow' ? 'deny' : 'allow';
      case 'reasons':
        return n % 2 === 0 || record.reasons.length === 0
          ? [...record.reasons, noise]
          : record.reasons.slice(1);
      case 'details':
        return n % 2 === 0 && record.details !== undefined
          ? undefined
          : { ...record.details, [`~${noise}`]: n };
      case 'seq':
        return record.seq + (n === 0 ? 1 : n);
      default:
        return record[field] + noise;
    }
  })();
  return { ...record, [field]: value };
}

describe('audit chain, property-based', () => {
  const chains = fc
    .constantFrom('clinic-a', 'hospital-7')
    .chain((tenantId) => fc.array(auditDraft(tenantId), { minLength: 1, maxLength: 6 }))
    .map(chainOf);

  it('verifies every chain appendRecord builds', () => {
    fc.assert(
      fc.property(chains, (records) => {
        expect(verifyChain(records)).toEqual({ ok: true, count: records.length, head: records.at(-1)?.hash });
      }),
    );
  });

  it('detects any single-field change in any record, naming that record', () => {
    fc.assert(
      fc.property(
        chains,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        text,
        fc.integer({ min: -3, max: 3 }),
        (records, at, field, noise, n) => {
          const index = at % records.length;
          const original = records[index] as AuditRecord;
          const tampered = changed(original, field, noise, n);
          fc.pre(canonicalize(tampered) !== canonicalize(original));
          const chain = records.with(index, tampered);

          const result = verifyChain(chain);

          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.brokenAt).toMatchObject({ index, id: tampered.id, seq: tampered.seq });
          }
        },
      ),
    );
  });
});
