import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { translateSchemaErrors } from '../../../core/manifest/schema-errors';

const ajvError = (error: Partial<ErrorObject>): ErrorObject => ({
  instancePath: '/x',
  schemaPath: '#/x',
  keyword: 'anyOf',
  params: {},
  ...error,
});

describe('translateSchemaErrors', () => {
  it.each<[string, Partial<ErrorObject>, string]>([
    ['several types', { keyword: 'type', params: { type: ['string', 'null'] } }, 'must be a string or null'],
    ['an unfamiliar type', { keyword: 'type', params: { type: 'tuple' } }, 'must be tuple'],
    [
      'a pattern it has no words for',
      { keyword: 'pattern', params: { pattern: '^x$' } },
      'is not in the expected format',
    ],
    [
      'a length above one',
      { keyword: 'minLength', params: { limit: 3 } },
      'must be at least 3 characters long',
    ],
    [
      'an extra member where no fields are named',
      { keyword: 'additionalProperties', params: { additionalProperty: 'y' } },
      'is not allowed here',
    ],
    [
      'a keyword without words of its own',
      { keyword: 'anyOf', message: 'must match a schema in anyOf' },
      'must match a schema in anyOf',
    ],
    ['a keyword with no message at all', { keyword: 'if' }, 'is invalid'],
  ])('words %s', (_, error, message) => {
    expect(translateSchemaErrors([ajvError(error)]).map((e) => e.message)).toEqual([message]);
  });

  it('keeps the keyword, so a precise rule can take its place', () => {
    expect(translateSchemaErrors([ajvError({ keyword: 'maximum', params: { limit: 9 } })])).toEqual([
      { pointer: '/x', message: 'must be at most 9', keyword: 'maximum' },
    ]);
  });
});
