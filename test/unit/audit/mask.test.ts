import { describe, expect, it } from 'vitest';
import { isSensitiveKey, MASK, maskSensitive } from '../../../core/audit';

describe('isSensitiveKey', () => {
  it.each([
    'ssn',
    'SSN',
    'patient_ssn',
    'patientSSN',
    'ssnLast4',
    'mrn',
    'patientMrn',
    'medical_record_number',
    'dob',
    'DOB',
    'date_of_birth',
    'dateOfBirth',
    'date-of-birth',
    'birthDate',
    'email',
    'E-Mail',
    'contactEmail',
    'phone',
    'phoneNumber',
    'mobile_phone',
    'telephone',
    'password',
    'PASSWORD',
    'db_password',
    'passwordHash',
    'passwd',
    'pwd',
    'passphrase',
    'token',
    'accessToken',
    'refresh_token',
    'x-amz-security-token',
    'secret',
    'clientSecret',
    'AWS_SECRET_ACCESS_KEY',
    'authorization',
    'Authorization',
    'proxy-authorization',
    'auth',
    'api_key',
    'apiKey',
    'apikey',
    'X-API-KEY',
    'x-api-key',
    'cookie',
    'Set-Cookie',
    'credential',
    'credentials',
    'private_key',
    'privateKey',
    'accessKeyId',
    'session_id',
    'pin',
    'cvv',
    'otp',
    'creditCardNumber',
    'social_security_number',
  ])('treats %s as sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each([
    'id',
    'name',
    'className',
    'class_name',
    'adobe',
    'author',
    'pinned',
    'spinner',
    'host',
    'tenantId',
    'installationId',
    'status',
    'value',
    'key',
    'description',
    'messages',
  ])('leaves %s alone', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});

describe('isSensitiveKey remembered verdicts', () => {
  it('answer the same after more distinct keys than it remembers, so plugins cannot grow it without bound', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `field${i}` : `apiKey${i}`));

    const first = keys.map(isSensitiveKey);
    const again = keys.map(isSensitiveKey);

    expect(again).toEqual(first);
    expect(first.filter(Boolean)).toHaveLength(2500);
    expect(isSensitiveKey('patientSSN')).toBe(true);
    expect(isSensitiveKey('classname')).toBe(false);
  });
});

describe('maskSensitive', () => {
  it('masks values under sensitive keys at any depth, in objects and arrays', () => {
    const value = {
      host: 'smtp.example',
      password: 'hunter2',
      nested: { deeper: [{ apiKey: 'k-123', region: 'eu' }] },
      patients: [{ name: 'A', SSN: '123-45-6789', dateOfBirth: '1970-01-01' }],
    };

    expect(maskSensitive(value)).toEqual({
      host: 'smtp.example',
      password: MASK,
      nested: { deeper: [{ apiKey: MASK, region: 'eu' }] },
      patients: [{ name: 'A', SSN: MASK, dateOfBirth: MASK }],
    });
    expect(MASK).toBe('***');
  });

  it('replaces a whole subtree under a sensitive key, whatever its type', () => {
    expect(
      maskSensitive({ credentials: { user: 'u', pass: 'p' }, tokens: ['a', 'b'], secret: null, pin: 1234 }),
    ).toEqual({ credentials: MASK, tokens: MASK, secret: MASK, pin: MASK });
  });

  it('masks the value of a name/value pair named after a sensitive key', () => {
    const headers = [
      { name: 'Authorization', value: 'Bearer abc' },
      { Name: 'Content-Type', Value: 'application/json' },
      { Key: 'x-api-key', Value: 'k-1' },
    ];

    expect(maskSensitive({ headers })).toEqual({
      headers: [
        { name: 'Authorization', value: MASK },
        { Name: 'Content-Type', Value: 'application/json' },
        { Key: 'x-api-key', Value: MASK },
      ],
    });
  });

  it('leaves primitives and innocent structures as they are, without changing the input', () => {
    const input = { a: [1, 'two', { three: true }], b: null };

    expect(maskSensitive(input)).toEqual(input);
    expect(maskSensitive(input)).not.toBe(input);
    expect(maskSensitive('password')).toBe('password');
    expect(maskSensitive(7)).toBe(7);
    expect(maskSensitive(undefined)).toBeUndefined();

    const mutable = { token: 't' };
    maskSensitive(mutable);
    expect(mutable.token).toBe('t');
  });

  it('masks objects in the JSON form they will be written in', () => {
    class Credentials {
      constructor(
        readonly user: string,
        readonly password: string,
      ) {}
    }
    const masked = maskSensitive({ when: new Date(0), login: new Credentials('u', 'hunter2') });

    expect(masked).toEqual({ when: '1970-01-01T00:00:00.000Z', login: { user: 'u', password: MASK } });
  });

  it('follows a toJSON that reveals a sensitive key', () => {
    const wrapped = { toJSON: () => ({ secret: 's3' }) };

    expect(maskSensitive({ wrapped })).toEqual({ wrapped: { secret: MASK } });
  });

  it('accepts shared references but refuses circular ones', () => {
    const shared = { token: 't' };
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;

    expect(maskSensitive({ x: shared, y: [shared] })).toEqual({ x: { token: MASK }, y: [{ token: MASK }] });
    expect(() => maskSensitive(circular)).toThrow(TypeError);
  });
});
