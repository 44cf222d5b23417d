import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConfig, defaultConfig, secretFields } from '../../../core/config';
import { UNSAFE_INTEGER, unsafeIntegers } from '../../../core/json-numbers';

const schema = {
  type: 'object',
  properties: {
    smtpHost: { type: 'string', format: 'hostname' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    mode: { enum: ['batch', 'live'] },
    password: { type: 'string', minLength: 8, 'x-secret': true },
    apiKey: { type: 'string', 'x-secret': true },
  },
  required: ['smtpHost', 'password'],
  additionalProperties: false,
};

describe('plugin config', () => {
  it('finds the secret fields', () => {
    expect(secretFields(schema)).toEqual(['password', 'apiKey']);
    expect(secretFields(undefined)).toEqual([]);
  });

  it('splits valid values into plain settings and secrets to seal', () => {
    const check = checkConfig(
      schema,
      { smtpHost: 'smtp.example.com', port: 587, password: 'correct horse' },
      [],
    );

    expect(check).toEqual({
      errors: [],
      plain: { smtpHost: 'smtp.example.com', port: 587 },
      secrets: { password: 'correct horse' },
    });
  });

  it('refuses integers that cannot be kept exactly, wherever they sit, with their pointers', () => {
    const open = { type: 'object' };
    const check = checkConfig(
      open,
      { big: 2 ** 60, fine: 2 ** 53 - 1, fraction: 1.5e-99, nested: { 'a/b': [1, -(2 ** 54)] } },
      [],
    );

    expect(check.errors).toEqual([
      { pointer: '/values/big', message: UNSAFE_INTEGER },
      { pointer: '/values/nested/a~1b/1', message: UNSAFE_INTEGER },
    ]);
    expect(unsafeIntegers('text', '')).toEqual([]);
  });

  it('reports every failing field with its pointer under /values', () => {
    const check = checkConfig(schema, { port: 0, mode: 'sometimes', extra: 1, apiKey: 42 }, []);

    expect(check.errors.map((e) => e.pointer).sort()).toEqual(
      [
        '/values/apiKey',
        '/values/extra',
        '/values/mode',
        '/values/password',
        '/values/port',
        '/values/smtpHost',
      ].sort(),
    );
    expect(check.errors.find((e) => e.pointer === '/values/mode')?.message).toBe(
      'must be one of: batch, live',
    );
    expect(check.errors.find((e) => e.pointer === '/values/smtpHost')?.message).toBe('is required');
    expect(check.errors.find((e) => e.pointer === '/values/extra')?.message).toBe(
      'is not a setting of this plugin',
    );
  });

  it('keeps a stored secret the client omitted, and clears one sent as null', () => {
    const kept = checkConfig(schema, { smtpHost: 'smtp.example.com' }, ['password']);
    const cleared = checkConfig(schema, { smtpHost: 'smtp.example.com', password: null }, ['password']);

    expect(kept.errors).toEqual([]);
    expect(kept.secrets).toEqual({});
    expect(cleared.errors).toEqual([{ pointer: '/values/password', message: 'is required' }]);
  });

  it('refuses any setting when the plugin declares no config', () => {
    expect(checkConfig(undefined, { a: 1 }, []).errors).toEqual([
      { pointer: '/values/a', message: 'is not a setting of this plugin' },
    ]);
    expect(checkConfig(undefined, {}, []).errors).toEqual([]);
  });

  const withDefaults = {
    type: 'object',
    properties: {
      sender: { type: 'string' },
      batchSize: { type: 'integer', minimum: 1, default: 10 },
      retry: {
        type: 'object',
        properties: { attempts: { type: 'integer', default: 3 } },
        default: {},
      },
      token: { type: 'string', 'x-secret': true, default: 'never-a-default' },
    },
    required: ['sender'],
    additionalProperties: false,
  };

  it('fills in the schema’s defaults for the settings left out, nested ones too', () => {
    const values = { sender: 'a@example.org' };

    const check = checkConfig(withDefaults, values, []);

    expect(check.errors).toEqual([]);
    expect(check.plain).toEqual({ sender: 'a@example.org', batchSize: 10, retry: { attempts: 3 } });
    // The caller's values are not changed, and a secret is never defaulted.
    expect(values).toEqual({ sender: 'a@example.org' });
    expect(check.secrets).toEqual({});
  });

  it('keeps a value that was sent over its default', () => {
    expect(checkConfig(withDefaults, { sender: 'a@example.org', batchSize: 2 }, []).plain).toMatchObject({
      batchSize: 2,
    });
  });

  it('starts an installation with the defaults, or nothing without a schema', () => {
    expect(defaultConfig(withDefaults)).toEqual({ batchSize: 10, retry: { attempts: 3 } });
    expect(defaultConfig(undefined)).toEqual({});
  });

  it('never throws and points every error into /values, whatever the values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (values) => {
        const check = checkConfig(schema, values, []);
        for (const error of check.errors) expect(error.pointer.startsWith('/values')).toBe(true);
      }),
    );
  });
});
