import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalEvent,
  fieldClassifications,
  mayReceive,
  redact,
  type SubscriberClearance,
  stampEvent,
} from '../../../core/canonical';
import { CLASSIFICATIONS, type DataClassification } from '../../../core/manifest/types';
import { type BuiltInType, PLUGIN_TYPES, pluginDraft, validationErrorOf, validData } from './fixtures';

const eventOf = (type: BuiltInType, data = validData(type)): CanonicalEvent =>
  stampEvent(pluginDraft(type, { data }));

/** Freezes every object and list in a value, so any write to it throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('redact', () => {
  const user = eventOf('UserCreated.v1');

  it('shows PHI to handles_phi but removes the PII it is not cleared for', () => {
    const { event, redacted } = redact(user, { traits: ['handles_phi'] });

    expect(redacted).toEqual(['/data/email', '/data/name']);
    expect(event.data).toEqual({
      userId: 'u-1001',
      dateOfBirth: '1985-12-10',
      mrn: 'MRN-0042',
      roles: ['patient', 'portal_user'],
      createdAt: '2025-03-14T09:26:53Z',
    });
  });

  it('shows PII to handles_pii but removes PHI', () => {
    const { event, redacted } = redact(user, { traits: ['handles_pii'] });

    expect(redacted).toEqual(['/data/dateOfBirth', '/data/mrn']);
    expect(event.data).not.toHaveProperty('dateOfBirth');
    expect(event.data).not.toHaveProperty('mrn');
    expect(event.data).toMatchObject({ email: 'ada.lovelace@clinic.example', name: 'Ada Lovelace' });
  });

  it('removes all personal data for a subscriber with neither trait', () => {
    const { redacted } = redact(user, { traits: ['audit_required'] });

    expect(redacted).toEqual(['/data/email', '/data/name', '/data/dateOfBirth', '/data/mrn']);
  });

  it('removes nothing for a subscriber cleared for everything', () => {
    const { event, redacted } = redact(user, {
      traits: ['handles_phi', 'handles_pii'],
      classifications: ['phi', 'pii'],
    });

    expect(redacted).toEqual([]);
    expect(event).toEqual(user);
  });

  it('keeps the envelope as it was', () => {
    const { event } = redact(user, { traits: [] });
    const { data: _redactedData, ...envelope } = event;
    const { data: _data, ...original } = user;

    expect(envelope).toEqual(original);
  });

  it('reports only fields that were present', () => {
    const { dateOfBirth: _dob, mrn: _mrn, ...data } = validData('UserCreated.v1');

    expect(redact(eventOf('UserCreated.v1', data), { traits: ['handles_pii'] }).redacted).toEqual([]);
  });

  it('with declared classifications, wants pii declared as well as the trait', () => {
    const { redacted } = redact(user, { traits: ['handles_pii'], classifications: ['internal'] });

    expect(redacted).toEqual(['/data/email', '/data/name', '/data/dateOfBirth', '/data/mrn']);
  });

  it('removes a nested field and keeps its siblings', () => {
    const payment = eventOf('PaymentReceived.v1');
    const { event, redacted } = redact(payment, { traits: ['handles_pii'], classifications: ['internal'] });

    expect(redacted).toEqual(['/data/payerName', '/data/amount/value', '/data/memo']);
    expect(event.data).toEqual({
      paymentId: 'pay-9',
      amount: { currency: 'USD' },
      invoiceId: 'inv-2025-0031',
      receivedAt: '2025-03-14T10:00:00+01:00',
    });
  });

  it('shows confidential data to a subscriber whose most sensitive declaration is above it', () => {
    const payment = eventOf('PaymentReceived.v1');

    expect(redact(payment, { traits: ['handles_pii'], classifications: ['pii'] }).redacted).toEqual([]);
  });

  it('removes a field from every item of a list of objects', () => {
    const document = eventOf('DocumentProcessed.v1');
    const { event, redacted } = redact(document, { traits: ['handles_pii'] });

    expect(redacted).toEqual([
      '/data/patientId',
      '/data/summary',
      '/data/findings/0/code',
      '/data/findings/1/code',
      '/data/findings/0/display',
    ]);
    expect(event.data.findings).toEqual([
      { system: 'http://hl7.org/fhir/sid/icd-10-cm', confidence: 0.93 },
      { system: 'http://loinc.org', confidence: 0.88 },
    ]);
    expect(event.data).toMatchObject({ documentId: 'doc-77', kind: 'lab_report', pageCount: 3 });
  });

  it('never changes the event it was given', () => {
    const document = deepFreeze(eventOf('DocumentProcessed.v1'));
    const before = structuredClone(document);

    const { event } = redact(document, { traits: [] });

    expect(document).toEqual(before);
    expect(event.data).not.toBe(document.data);
  });

  it('refuses an event whose data its schema does not describe', () => {
    const event = { ...user, data: { ...user.data, ssn: '078-05-1120' } };

    const error = validationErrorOf(() => redact(event, { traits: [] }));

    expect(error.message).toBe('Only a valid canonical event can be redacted.');
    expect(error.errors).toEqual([
      { pointer: '/data/ssn', message: 'is not a field of this event; remove it' },
    ]);
  });

  it('leaves no field the subscriber is not cleared for, and removes nothing it is', () => {
    const clearance = fc.record({
      traits: fc.subarray(['handles_phi', 'handles_pii', 'audit_required']),
      classifications: fc.option(fc.subarray([...CLASSIFICATIONS]), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...PLUGIN_TYPES), clearance, (type, subscriber: SubscriberClearance) => {
        const original = eventOf(type);
        const { event, redacted } = redact(original, subscriber);
        const fields = fieldClassifications(type);
        const allowed = (classification: DataClassification) => mayReceive(subscriber, classification);

        for (const [field, classification] of Object.entries(fields)) {
          const present = leavesAt(event.data, field);
          const before = leavesAt(original.data, field);
          expect(present).toEqual(allowed(classification) ? before : []);
          expect(redacted.filter((pointer) => matches(field, pointer))).toEqual(
            allowed(classification) ? [] : before.map((pointer) => `/data${pointer}`),
          );
        }
      }),
    );
  });
});

/** Concrete pointers of the values a field pattern (with `*` for list items) reaches in data. */
function leavesAt(data: unknown, field: string): string[] {
  let reached: Array<[string, unknown]> = [['', data]];
  for (const segment of field.split('/').slice(1)) {
    reached = reached.flatMap(([at, node]): Array<[string, unknown]> => {
      if (segment === '*') return Array.isArray(node) ? node.map((item, i) => [`${at}/${i}`, item]) : [];
      const record = node as Record<string, unknown>;
      return record !== null && typeof record === 'object' && Object.hasOwn(record, segment)
        ? [[`${at}/${segment}`, record[segment]]]
        : [];
    });
  }
  return reached.map(([at]) => at);
}

const matches = (field: string, pointer: string) =>
  new RegExp(`^/data${field.replaceAll('*', '\\d+')}$`).test(pointer);

describe('mayReceive', () => {
  it.each<[SubscriberClearance, DataClassification, boolean]>([
    [{ traits: [] }, 'public', true],
    [{ traits: [], classifications: [] }, 'public', true],
    [{ traits: [] }, 'confidential', true],
    [{ traits: [], classifications: [] }, 'internal', false],
    [{ traits: [], classifications: ['internal'] }, 'internal', true],
    [{ traits: [], classifications: ['internal'] }, 'confidential', false],
    [{ traits: ['handles_pii'], classifications: ['pii'] }, 'confidential', true],
    [{ traits: ['handles_phi'], classifications: ['phi'] }, 'pii', false],
    [{ traits: ['handles_pii'], classifications: ['phi'] }, 'pii', false],
    [{ traits: ['handles_pii'], classifications: ['pii'] }, 'pii', true],
    [{ traits: ['handles_phi'] }, 'phi', true],
    [{ traits: ['handles_pii'] }, 'phi', false],
  ])('%j may receive %s: %s', (subscriber, classification, expected) => {
    expect(mayReceive(subscriber, classification)).toBe(expected);
  });
});
