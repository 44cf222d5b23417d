import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendRecord, isSensitiveKey, maskSensitive } from '../../../core/audit';
import { draft } from './fixtures';

const SECRET_MARK = 'ZZSECRET';

/** Sensitive terms as words, to be written in every casing convention a key may use. */
const TERMS: ReadonlyArray<readonly string[]> = [
  ['ssn'],
  ['mrn'],
  ['dob'],
  ['date', 'of', 'birth'],
  ['email'],
  ['phone'],
  ['password'],
  ['passwd'],
  ['token'],
  ['secret'],
  ['authorization'],
  ['api', 'key'],
  ['apikey'],
  ['cookie'],
  ['credential'],
  ['private', 'key'],
];
const AFFIXES = ['user', 'patient', 'client', 'db', 'x', 'primary', 'last4', 'value', 'hash'];

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const STYLES: ReadonlyArray<(words: string[]) => string> = [
  (words) => words.join('_'),
  (words) => words.join('_').toUpperCase(),
  (words) => words.join('-'),
  (words) => words.map(capitalise).join('-'),
  (words) => words.join('.'),
  (words) => words.join(' '),
  (words) => words[0] + words.slice(1).map(capitalise).join(''),
  (words) => words.map(capitalise).join(''),
];

const sensitiveKey = fc
  .tuple(
    fc.option(fc.constantFrom(...AFFIXES), { nil: undefined }),
    fc.constantFrom(...TERMS),
    fc.option(fc.constantFrom(...AFFIXES), { nil: undefined }),
    fc.constantFrom(...STYLES),
  )
  .map(([prefix, term, suffix, style]) =>
    style([...(prefix ? [prefix] : []), ...term, ...(suffix ? [suffix] : [])]),
  );

const secret = fc.uuid().map((uuid) => `${SECRET_MARK}-${uuid}`);
const secretValue = fc.oneof(
  secret,
  secret.map((s) => ({ inner: s })),
  secret.map((s) => [s, 1]),
);
const innocentKey = fc.string({ maxLength: 8 }).filter((key) => !key.includes(SECRET_MARK));
const leaf = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }));

/** JSON trees where secrets sit under sensitive keys, in name/value pairs, in arrays, at any depth. */
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(innocentKey, tie('tree'), { maxKeys: 4 }),
    fc
      .tuple(fc.dictionary(innocentKey, tie('tree'), { maxKeys: 3 }), sensitiveKey, secretValue)
      .map(([rest, key, value]) => ({ ...rest, [key]: value })),
    fc.tuple(sensitiveKey, secret).map(([key, value]) => ({ name: key, value })),
  ),
}));

describe('masking, property-based', () => {
  it('recognises sensitive keys in every casing convention', () => {
    fc.assert(
      fc.property(sensitiveKey, (key) => {
        expect(isSensitiveKey(key)).toBe(true);
      }),
    );
  });

  it('never lets a value under a sensitive key into the serialised output', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(JSON.stringify(maskSensitive(value)) ?? '').not.toContain(SECRET_MARK);
      }),
    );
  });

  it('never lets such a value into a stored audit record', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const record = appendRecord(undefined, draft(1, { details: { value } }));

        expect(JSON.stringify(record)).not.toContain(SECRET_MARK);
      }),
    );
  });

  it('changes nothing when no key is sensitive', () => {
    const keysOf = (value: unknown): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, item]) => [
            key,
            ...(typeof item === 'string' ? [item] : []),
            ...keysOf(item),
          ])
        : [];
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!keysOf(value).some(isSensitiveKey));
        expect(maskSensitive(value)).toEqual(value);
      }),
    );
  });
});
