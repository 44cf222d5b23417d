import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classificationOf,
  fieldClassifications,
  isKnownEventType,
  knownEventTypes,
  publisherOf,
  validateEventData,
} from '../../../core/canonical';
import { ValidationError } from '../../../core/errors';
import { INSTALLATION_STATES } from '../../../core/lifecycle/states';
import { type BuiltInType, VALID_DATA, validationErrorOf, validData } from './fixtures';

const SCHEMA_DIR = join(import.meta.dirname, '../../../schemas/canonical');
const TYPES = Object.keys(VALID_DATA) as BuiltInType[];

const errorsOf = (type: string, data: unknown) => {
  const check = validateEventData(type, data);
  return check.ok ? [] : check.errors;
};

describe('the built-in canonical types', () => {
  it('are the ones in schemas/canonical, sorted', () => {
    const files = readdirSync(SCHEMA_DIR)
      .filter((name) => name.endsWith('.schema.json'))
      .map((name) => name.replace('.schema.json', ''));

    expect(knownEventTypes()).toEqual([...files].sort());
    expect(knownEventTypes()).toEqual([
      'DocumentProcessed.v1',
      'PaymentReceived.v1',
      'PluginHealthChanged.v1',
      'UserCreated.v1',
    ]);
  });

  it.each(TYPES)('%s is a complete, closed 2020-12 schema named after its file', (type) => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, `${type}.schema.json`), 'utf8'));

    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://vivified.dev/schemas/canonical/${type}.schema.json`,
      'x-event-type': type,
      type: 'object',
      additionalProperties: false,
    });
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
    expect(schema.required.length).toBeGreaterThan(0);
  });

  it('knows a type by its exact name and version only', () => {
    expect(isKnownEventType('UserCreated.v1')).toBe(true);
    expect(isKnownEventType('UserCreated.v2')).toBe(false);
    expect(isKnownEventType('usercreated.v1')).toBe(false);
    expect(isKnownEventType('__proto__')).toBe(false);
  });

  it('knows exactly the types it validates, though what asks only whether a type exists loads no validator', () => {
    // core/canonical/known-types.ts reads the same schemas without the registry's validators.
    expect(knownEventTypes().length).toBeGreaterThan(0);
    for (const type of knownEventTypes()) expect(isKnownEventType(type), type).toBe(true);
  });

  it('lets plugins publish the business types and only the platform publish PluginHealthChanged', () => {
    expect(publisherOf('UserCreated.v1')).toBe('plugin');
    expect(publisherOf('DocumentProcessed.v1')).toBe('plugin');
    expect(publisherOf('PaymentReceived.v1')).toBe('plugin');
    expect(publisherOf('PluginHealthChanged.v1')).toBe('platform');
  });

  it('describes health changes with exactly the lifecycle states', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'PluginHealthChanged.v1.schema.json'), 'utf8'));

    expect(schema.properties.from.enum).toEqual([...INSTALLATION_STATES]);
    expect(schema.properties.to.enum).toEqual([...INSTALLATION_STATES]);
  });
});

describe('classification', () => {
  it('is the most sensitive classification among the fields', () => {
    expect(classificationOf('UserCreated.v1')).toBe('phi');
    expect(classificationOf('DocumentProcessed.v1')).toBe('phi');
    expect(classificationOf('PaymentReceived.v1')).toBe('pii');
    expect(classificationOf('PluginHealthChanged.v1')).toBe('internal');
  });

  it('is given per field by JSON pointer into the data', () => {
    expect(fieldClassifications('UserCreated.v1')).toEqual({
      '/userId': 'internal',
      '/email': 'pii',
      '/name': 'pii',
      '/dateOfBirth': 'phi',
      '/mrn': 'phi',
      '/roles': 'internal',
      '/createdAt': 'internal',
    });
  });

  it('walks into nested objects', () => {
    expect(fieldClassifications('PaymentReceived.v1')).toEqual({
      '/paymentId': 'internal',
      '/payerName': 'pii',
      '/amount/value': 'confidential',
      '/amount/currency': 'internal',
      '/invoiceId': 'internal',
      '/receivedAt': 'internal',
      '/memo': 'confidential',
    });
  });

  it('walks into the items of lists, with * standing for every item', () => {
    expect(fieldClassifications('DocumentProcessed.v1')).toEqual({
      '/documentId': 'internal',
      '/patientId': 'phi',
      '/kind': 'internal',
      '/pageCount': 'internal',
      '/summary': 'phi',
      '/findings/*/system': 'internal',
      '/findings/*/code': 'phi',
      '/findings/*/display': 'phi',
      '/findings/*/confidence': 'internal',
      '/storageRef': 'confidential',
      '/processedAt': 'internal',
    });
  });

  it('cannot be changed by a caller', () => {
    const fields = fieldClassifications('UserCreated.v1') as Record<string, string>;

    expect(() => {
      fields['/mrn'] = 'public';
    }).toThrow(TypeError);
    expect(fieldClassifications('UserCreated.v1')['/mrn']).toBe('phi');
  });

  it('of an unknown type is a validation error on /type naming the known types', () => {
    for (const lookup of [classificationOf, fieldClassifications, publisherOf]) {
      expect(() => lookup('PatientAdmitted.v1')).toThrow(ValidationError);
    }
    expect(validationErrorOf(() => classificationOf('PatientAdmitted.v1')).errors).toEqual([
      {
        pointer: '/type',
        message:
          'is not a known canonical event type (known: DocumentProcessed.v1, PaymentReceived.v1, PluginHealthChanged.v1, UserCreated.v1)',
      },
    ]);
  });
});

describe('validateEventData', () => {
  it.each(TYPES)('accepts a complete %s', (type) => {
    expect(validateEventData(type, validData(type))).toEqual({ ok: true });
  });

  it('accepts events without their optional fields', () => {
    const { dateOfBirth: _dob, mrn: _mrn, ...user } = validData('UserCreated.v1');
    const { summary: _summary, findings: _findings, ...document } = validData('DocumentProcessed.v1');
    const { memo: _memo, ...payment } = validData('PaymentReceived.v1');

    expect(validateEventData('UserCreated.v1', user)).toEqual({ ok: true });
    expect(validateEventData('DocumentProcessed.v1', document)).toEqual({ ok: true });
    expect(validateEventData('PaymentReceived.v1', payment)).toEqual({ ok: true });
  });

  it('reports every UserCreated problem at once, pointed into /data', () => {
    const data = {
      ...validData('UserCreated.v1'),
      userId: '',
      email: 'not-an-email',
      name: 'x'.repeat(201),
      dateOfBirth: '1985-13-10',
      roles: ['patient', 'patient'],
      createdAt: 'yesterday',
      nickname: 'Ada',
    };
    delete (data as Record<string, unknown>).mrn;

    expect(errorsOf('UserCreated.v1', data)).toEqual([
      { pointer: '/data/nickname', message: 'is not a field of this event; remove it' },
      { pointer: '/data/userId', message: 'must not be empty' },
      { pointer: '/data/email', message: 'must be an email address' },
      { pointer: '/data/name', message: 'must be at most 200 characters long' },
      { pointer: '/data/dateOfBirth', message: 'must be a calendar date (YYYY-MM-DD)' },
      { pointer: '/data/roles', message: 'must not repeat an item (items 0 and 1 are the same)' },
      {
        pointer: '/data/createdAt',
        message: 'must be a date and time with a time zone (RFC 3339, e.g. 2025-01-31T09:30:00Z)',
      },
    ]);
  });

  it('reports missing required fields by their own pointer', () => {
    expect(errorsOf('UserCreated.v1', { userId: 'u-1' })).toEqual([
      { pointer: '/data/email', message: 'is required' },
      { pointer: '/data/name', message: 'is required' },
      { pointer: '/data/roles', message: 'is required' },
      { pointer: '/data/createdAt', message: 'is required' },
    ]);
  });

  it('limits the number of roles', () => {
    const roles = Array.from({ length: 51 }, (_, index) => `role-${index}`);

    expect(errorsOf('UserCreated.v1', { ...validData('UserCreated.v1'), roles })).toEqual([
      { pointer: '/data/roles', message: 'must have at most 50 items' },
    ]);
  });

  it('points into the items of lists for DocumentProcessed', () => {
    const data = validData('DocumentProcessed.v1');
    data.kind = 'selfie';
    data.pageCount = 0;
    data.findings = [
      { system: 'icd10', code: 'E11.9', confidence: 1.5 },
      { code: 7, system: 'http://loinc.org' },
      { system: 'http://loinc.org' },
    ];

    expect(errorsOf('DocumentProcessed.v1', data)).toEqual([
      {
        pointer: '/data/kind',
        message:
          'must be one of: lab_report, discharge_summary, referral, imaging_report, prescription, consent_form, insurance_claim, other',
      },
      { pointer: '/data/pageCount', message: 'must be at least 1' },
      { pointer: '/data/findings/0/system', message: 'must be an absolute URI' },
      { pointer: '/data/findings/0/confidence', message: 'must be at most 1' },
      { pointer: '/data/findings/1/code', message: 'must be a string' },
      { pointer: '/data/findings/2/code', message: 'is required' },
    ]);
  });

  it('wants whole pages for DocumentProcessed', () => {
    expect(
      errorsOf('DocumentProcessed.v1', { ...validData('DocumentProcessed.v1'), pageCount: 2.5 }),
    ).toEqual([{ pointer: '/data/pageCount', message: 'must be a whole number' }]);
  });

  it('explains the format of money in PaymentReceived', () => {
    const data = validData('PaymentReceived.v1');
    data.amount = { value: '12.345678', currency: 'usd', cents: 5 };

    expect(errorsOf('PaymentReceived.v1', data)).toEqual([
      { pointer: '/data/amount/cents', message: 'is not a field of this event; remove it' },
      {
        pointer: '/data/amount/value',
        message:
          'is not in the expected format: A decimal amount written as a string (so no binary floating-point rounding) with at most 4 decimals, e.g. "125.50".',
      },
      {
        pointer: '/data/amount/currency',
        message: 'is not in the expected format: An ISO 4217 currency code in capitals, e.g. USD.',
      },
    ]);
  });

  it('refuses an amount given as a number', () => {
    const data = { ...validData('PaymentReceived.v1'), amount: { value: 125.5, currency: 'USD' } };

    expect(errorsOf('PaymentReceived.v1', data)).toEqual([
      { pointer: '/data/amount/value', message: 'must be a string' },
    ]);
  });

  it('only knows lifecycle states in PluginHealthChanged', () => {
    const data = { ...validData('PluginHealthChanged.v1'), to: 'Sleeping', reason: '' };

    expect(errorsOf('PluginHealthChanged.v1', data)).toEqual([
      {
        pointer: '/data/to',
        message:
          'must be one of: Unregistered, Registered, Provisioning, Active, Unhealthy, Deprovisioning, Disabled, Uninstalling, Failed',
      },
      { pointer: '/data/reason', message: 'must not be empty' },
    ]);
  });

  it.each([null, 'text', 42, ['a'], undefined])('wants the data to be an object, not %j', (data) => {
    expect(errorsOf('UserCreated.v1', data)).toEqual([{ pointer: '/data', message: 'must be an object' }]);
  });

  it('escapes unexpected keys into a single pointer segment', () => {
    const data = { ...validData('UserCreated.v1'), 'a/b~c': 1 };

    expect(errorsOf('UserCreated.v1', data)).toEqual([
      { pointer: '/data/a~1b~0c', message: 'is not a field of this event; remove it' },
    ]);
  });

  it('never echoes the submitted values in messages', () => {
    const secret = 'SECRET-PHI-4711';
    const data = {
      userId: '',
      email: secret,
      name: 7,
      dateOfBirth: secret,
      mrn: '',
      roles: [secret, secret],
      createdAt: secret,
    };

    expect(JSON.stringify(errorsOf('UserCreated.v1', data))).not.toContain(secret);
  });

  it('reports an unknown type on /type', () => {
    expect(validateEventData('UserCreated.v9', validData('UserCreated.v1'))).toEqual({
      ok: false,
      errors: [
        {
          pointer: '/type',
          message:
            'is not a known canonical event type (known: DocumentProcessed.v1, PaymentReceived.v1, PluginHealthChanged.v1, UserCreated.v1)',
        },
      ],
    });
  });
});
