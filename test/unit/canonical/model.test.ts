import { describe, expect, it } from 'vitest';
import { highestClassification } from '../../../core/canonical';
import { readCanonicalModel } from '../../../core/canonical/model';
import { buildRegistry } from '../../../core/canonical/registry';
import { compileCheck } from '../../../core/canonical/schema-compiler';

type Schema = Record<string, unknown>;

/** A small, valid model to break one way at a time. */
function sampleSchema(type = 'SampleRecorded.v1'): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://vivified.dev/schemas/canonical/${type}.schema.json`,
    title: 'Sample recorded',
    description: 'A lab sample was recorded.',
    'x-event-type': type,
    'x-publisher': 'plugin',
    type: 'object',
    additionalProperties: false,
    required: ['sampleId'],
    properties: {
      sampleId: { type: 'string', 'x-classification': 'internal' },
      tubes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { label: { type: 'string', 'x-classification': 'phi' } },
        },
      },
    },
  };
}

const withField = (field: unknown): Schema => {
  const schema = sampleSchema();
  (schema.properties as Schema).extra = field;
  return schema;
};

describe('readCanonicalModel', () => {
  it('reads type, publisher, field classifications and the overall classification', () => {
    expect(readCanonicalModel(sampleSchema())).toEqual({
      type: 'SampleRecorded.v1',
      publisher: 'plugin',
      fields: { '/sampleId': 'internal', '/tubes/*/label': 'phi' },
      classification: 'phi',
    });
  });

  it.each<[string, Schema, string]>([
    [
      'a type without version',
      { ...sampleSchema(), 'x-event-type': 'SampleRecorded' },
      'x-event-type must name the type with its version, e.g. UserCreated.v1',
    ],
    [
      'an $id that is not the file of the type',
      { ...sampleSchema(), $id: 'https://vivified.dev/schemas/canonical/Other.v1.schema.json' },
      '$id must end with /SampleRecorded.v1.schema.json, the file the schema lives in',
    ],
    [
      'an unknown publisher',
      { ...sampleSchema(), 'x-publisher': 'tenant' },
      'x-publisher must be one of plugin, platform',
    ],
    ['no title', { ...sampleSchema(), title: '' }, 'title is missing'],
    ['no description', { ...sampleSchema(), description: undefined }, 'description is missing'],
    [
      'data that is not an object',
      { ...sampleSchema(), type: 'string' },
      'the data must be an object whose fields are classified one by one, not as a whole',
    ],
    [
      'data classified as a whole',
      { ...sampleSchema(), 'x-classification': 'phi' },
      'the data must be an object whose fields are classified one by one, not as a whole',
    ],
    ['an unclassified field', withField({ type: 'string' }), '/extra has no x-classification'],
    [
      'an unknown classification',
      withField({ type: 'string', 'x-classification': 'secret' }),
      '/extra has x-classification "secret", not one of public, internal, confidential, pii, phi',
    ],
    [
      'a classification inside a classified field',
      withField({
        type: 'object',
        'x-classification': 'internal',
        properties: { diagnosis: { type: 'string', 'x-classification': 'phi' } },
      }),
      '/extra is classified as a whole, so nothing inside it may be classified again',
    ],
    [
      'a reference the walk cannot follow',
      withField({ $ref: '#/$defs/thing' }),
      '/extra uses $ref, which field classification cannot follow',
    ],
    [
      'alternatives the walk cannot follow',
      withField({ oneOf: [{ type: 'string' }], 'x-classification': 'internal' }),
      '/extra uses oneOf, which field classification cannot follow',
    ],
    [
      'an open nested object',
      withField({ type: 'object', properties: { a: { type: 'string', 'x-classification': 'public' } } }),
      '/extra must set additionalProperties to false',
    ],
    [
      'an open top level',
      { ...sampleSchema(), additionalProperties: true },
      'the data must set additionalProperties to false',
    ],
    [
      'a nested object without fields',
      withField({ type: 'object', additionalProperties: false }),
      '/extra has no fields',
    ],
    ['a field that accepts anything (boolean schema)', withField(true), '/extra is not a schema'],
    [
      'a field name needing escapes',
      { ...sampleSchema(), properties: { 'a/b': { type: 'string', 'x-classification': 'public' } } },
      '/a/b is not an identifier (letters, digits and _, starting with a letter)',
    ],
    [
      'a list of unclassified items',
      withField({ type: 'array', items: { type: 'string' } }),
      '/extra/* has no x-classification',
    ],
  ])('refuses %s', (_case, schema, problem) => {
    expect(() => readCanonicalModel(schema)).toThrow(problem);
  });

  it('names the schema and lists every problem', () => {
    const schema = { ...withField({ type: 'string' }), additionalProperties: true };

    expect(() => readCanonicalModel(schema)).toThrow(
      'Canonical schema SampleRecorded.v1 cannot be used:\n- the data must set additionalProperties to false\n- /extra has no x-classification',
    );
  });

  it('names a schema without a type by its $id', () => {
    expect(() => readCanonicalModel({ $id: 'urn:x' })).toThrow('Canonical schema urn:x cannot be used');
    expect(() => readCanonicalModel({})).toThrow('Canonical schema without x-event-type cannot be used');
  });
});

describe('highestClassification', () => {
  it('orders public < internal < confidential < pii < phi', () => {
    expect(highestClassification([])).toBe('public');
    expect(highestClassification(['internal', 'public'])).toBe('internal');
    expect(highestClassification(['confidential', 'pii', 'internal'])).toBe('pii');
    expect(highestClassification(['phi', 'pii'])).toBe('phi');
  });
});

describe('buildRegistry', () => {
  it('refuses a type defined twice', () => {
    const first = sampleSchema('DuplicateRecorded.v1');
    const second = { ...sampleSchema('DuplicateRecorded.v1'), title: 'Another' };

    expect(() => buildRegistry([first, second], compileCheck)).toThrow(
      'Canonical type DuplicateRecorded.v1 is defined twice',
    );
  });

  it('refuses a schema Ajv finds malformed, so typos fail at load', () => {
    const schema = sampleSchema('TypoRecorded.v1');
    (schema.properties as Schema).sampleId = { type: 'string', maxLenght: 3, 'x-classification': 'internal' };

    expect(() => buildRegistry([schema], compileCheck)).toThrow(/maxLenght/);
  });
});

describe('compileCheck messages', () => {
  const check = compileCheck({
    type: 'object',
    properties: {
      code: { type: 'string', minLength: 3, pattern: '^[A-Z]+$' },
      count: { type: 'integer', multipleOf: 5 },
      note: { type: ['string', 'null'] },
      host: { type: 'string', format: 'ipv4' },
    },
  });

  it('speak of lengths, alternatives and formats in words', () => {
    expect(check({ code: 'a', note: 3, host: 'nowhere' }, '/x')).toEqual([
      { pointer: '/x/code', message: 'must be at least 3 characters long' },
      { pointer: '/x/code', message: 'is not in the expected format' },
      { pointer: '/x/note', message: 'must be a string or null' },
      { pointer: '/x/host', message: 'must be a valid ipv4' },
    ]);
  });

  it("fall back to Ajv's own wording for rules without one", () => {
    expect(check({ count: 7 }, '')).toEqual([{ pointer: '/count', message: 'must be multiple of 5' }]);
  });
});
