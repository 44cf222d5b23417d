import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS, CONTRACTS } from '../../../core/manifest';
import schema from '../../../schemas/manifest.schema.json';
import { EXAMPLE_NAMES, example } from './fixtures';

/** Every `pattern` in the schema, with where it is. */
function patternsOf(node: unknown, path = '#'): [string, string][] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'pattern' && typeof value === 'string'
      ? [[`${path}/pattern`, value]]
      : patternsOf(value, `${path}/${key}`),
  );
}

describe('schemas/manifest.schema.json', () => {
  it('is a JSON Schema 2020-12 document with a stable $id', () => {
    const ajv = new Ajv2020();

    expect(ajv.validateSchema(schema)).toBe(true);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://schemas.vivified.dev/manifest.schema.json');
  });

  it('lists the same contracts and classifications as the domain types', () => {
    expect(schema.properties.contracts.items.enum).toEqual([...CONTRACTS]);
    expect(schema.$defs.classification.enum).toEqual([...CLASSIFICATIONS]);
  });

  it.each(EXAMPLE_NAMES)('accepts the %s example on its own, as an SDK in another language would', (name) => {
    const validate = new Ajv2020({ allErrors: true }).compile(schema);

    expect(validate(example(name))).toBe(true);
  });

  it('uses only patterns every common regex engine reads alike (no lookaround, backreferences or \\d)', () => {
    const patterns = patternsOf(schema);

    expect(patterns.length).toBeGreaterThan(5);
    for (const [where, pattern] of patterns) {
      expect({ where, pattern }).toEqual({
        where,
        pattern: expect.not.stringMatching(/\(\?[=!<]|\\[1-9dDwW]/),
      });
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it.each([
    ['1.0.0', true],
    ['0.0.0-alpha.1+build.5', true],
    ['10.20.30-rc.1.x-y', true],
    ['1.0', false],
    ['01.0.0', false],
    ['1.0.0-', false],
    ['1.0.0-01', false],
    ['v1.0.0', false],
  ])('reads %s as a semantic version: %s', (version, valid) => {
    expect(new RegExp(schema.$defs.semver.pattern, 'u').test(version)).toBe(valid);
  });
});
