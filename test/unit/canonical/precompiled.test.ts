import { describe, expect, it } from 'vitest';
import { precompiledCheck } from '../../../core/canonical/precompiled';
import { compileCheck } from '../../../core/canonical/schema-compiler';
import { CANONICAL_MODEL_SCHEMAS } from '../../../core/canonical/schemas';
import { validData } from './fixtures';

describe('precompiledCheck', () => {
  it('checks a built-in model with its generated validator, in the same words as a compiled one', () => {
    const [userCreated] = CANONICAL_MODEL_SCHEMAS;
    const data = { ...validData('UserCreated.v1'), email: 'nobody', extra: 1 };

    expect(precompiledCheck(userCreated)(data, '/data')).toEqual(compileCheck(userCreated)(data, '/data'));
    expect(precompiledCheck(userCreated)(data, '/data')).toEqual([
      { pointer: '/data/extra', message: 'is not a field of this event; remove it' },
      { pointer: '/data/email', message: 'must be an email address' },
    ]);
  });

  it('names the command to run for a schema nothing was generated for', () => {
    expect(() =>
      precompiledCheck({ $id: 'https://vivified.dev/schemas/canonical/Unknown.v1.schema.json' }),
    ).toThrow(
      'No validator was generated for https://vivified.dev/schemas/canonical/Unknown.v1.schema.json: run npm run validators',
    );
  });
});
