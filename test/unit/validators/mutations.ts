import fc from 'fast-check';

/**
 * Inputs near a schema's edges: a valid example with a few changes drawn from what the schema
 * itself mentions (its field names, enum values, limits) and from values formats and patterns
 * disagree about. Arbitrary JSON alone almost never reaches past a schema's first `required`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Vocabulary {
  readonly keys: readonly string[];
  readonly values: readonly Json[];
  /** What a field's own schema mentions, by field name: values right at its limits and enums. */
  readonly near: ReadonlyMap<string, readonly Json[]>;
}

// Strings that formats (date, date-time, email, uri) and the platform's patterns judge differently.
const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  'a',
  'A',
  '0',
  '-',
  '.',
  '~/',
  'é',
  '😀',
  '__proto__',
  'constructor',
  '2024-02-29',
  '2025-02-29',
  '2025-13-01',
  '2025-01-31T09:30:00Z',
  '2025-01-31T09:30:00.123+05:30',
  '2025-01-31T25:30:00Z',
  '2025-01-31 09:30:00',
  '2016-12-31T23:59:60Z',
  'ada@clinic.example',
  'ada@@clinic',
  'https://example.com/a?b=c#d',
  'http://[::1]:8080/',
  'relative/path',
  'urn:isbn:0451450523',
  'UserCreated.v1',
  'vivified.platform',
  'vivified.plugin.identity',
  'vivified.plugin.',
  '1.2.3',
  '01.2.3',
  'arn:aws:events:us-east-1:111122223333:event-bus/x',
];

/** Values either side of every limit and every enum or const value in a (sub)schema. */
function edgesOf(schema: unknown): Json[] {
  const values: Json[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === 'enum' && Array.isArray(value)) values.push(...(value as Json[]));
      if (keyword === 'const') values.push(value as Json);
      if (typeof value === 'number' && /^(min|max|exclusiveM)/.test(keyword)) {
        // Numbers either side of a limit, and strings and lists that long (kept small enough to be quick).
        values.push(value - 1, value, value + 1, value + 0.5);
        for (const length of [value - 1, value, value + 1]) {
          if (length >= 0 && length <= 10_000) {
            values.push(
              'x'.repeat(length),
              Array.from({ length: Math.min(length, 1_100) }, (_, i) => `i${i}`),
            );
          }
        }
      }
      walk(value);
    }
  };
  walk(schema);
  return values;
}

function vocabularyOf(schema: unknown): Vocabulary {
  const keys = new Set<string>(['extra', '']);
  const near = new Map<string, Json[]>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === 'properties' && typeof value === 'object' && value !== null) {
        for (const [key, property] of Object.entries(value)) {
          keys.add(key);
          near.set(key, [...(near.get(key) ?? []), ...edgesOf(property)]);
        }
      }
      if (keyword === 'required' && Array.isArray(value)) for (const key of value) keys.add(String(key));
      walk(value);
    }
  };
  walk(schema);
  const values: Json[] = [...EDGE_STRINGS, 0, -1, 1.5, 1e21, true, false, null, [], {}, ...edgesOf(schema)];
  return { keys: [...keys], values, near };
}

interface Mutation {
  readonly kind: 'set' | 'delete' | 'add' | 'duplicate' | 'tweak';
  /** Which object or list is changed, which member, and which of the field's own edge values. */
  readonly at: number;
  readonly pick: number;
  readonly edge: number | undefined;
  readonly key: string;
  readonly value: Json;
  readonly text: string;
}

function containers(value: Json): Array<Json[] | { [key: string]: Json }> {
  if (typeof value !== 'object' || value === null) return [];
  return [value, ...Object.values(value).flatMap(containers)];
}

function apply(root: Json, drawn: Mutation, near: Vocabulary['near']): Json {
  // Every inserted value is a fresh copy: the vocabulary's lists and objects are shared between
  // draws, and a later change edits in place (an inserted list could otherwise end up inside itself).
  const mutation = { ...drawn, value: structuredClone(drawn.value) };
  const all = containers(root);
  if (all.length === 0) return mutation.value;
  const target = all[mutation.at % all.length]!;
  if (Array.isArray(target)) {
    const index = target.length === 0 ? 0 : mutation.pick % target.length;
    if (mutation.kind === 'delete') target.splice(index, 1);
    else if (mutation.kind === 'duplicate' && target.length > 0) target.push(structuredClone(target[index]!));
    else if (mutation.kind === 'tweak' && typeof target[index] === 'string') target[index] += mutation.text;
    else if (mutation.kind === 'add') target.push(mutation.value);
    else target[index] = mutation.value;
    return root;
  }
  const keys = Object.keys(target);
  const key = keys.length === 0 ? mutation.key : keys[mutation.pick % keys.length]!;
  if (mutation.kind === 'delete') delete target[key];
  else if (mutation.kind === 'add') target[mutation.key] = mutation.value;
  else if (mutation.kind === 'tweak' && typeof target[key] === 'string')
    target[key] = `${target[key]}${mutation.text}`;
  else if (mutation.kind === 'duplicate') target[mutation.key] = structuredClone(target[key] ?? null);
  else {
    // Mostly the field's own edges: a limit is found by a value right at it, not by chance.
    const edges = near.get(key) ?? [];
    target[key] =
      mutation.edge === undefined || edges.length === 0
        ? mutation.value
        : structuredClone(edges[mutation.edge % edges.length]!);
  }
  return root;
}

/** A valid example with one to four changes; the example itself is never changed. */
export function mutatedExample(examples: readonly unknown[], schema: unknown): fc.Arbitrary<unknown> {
  const { keys, values, near } = vocabularyOf(schema);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom('set', 'delete', 'add', 'duplicate', 'tweak'),
    at: fc.nat(),
    pick: fc.nat(),
    edge: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
    key: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
    value: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...values) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
    ),
    text: fc.constantFrom('', ' ', 'x', '.', '/', '-', 'é', '😀', '\n', 'Z', '0'),
  });
  return fc
    .tuple(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([example, mutations]) =>
      mutations.reduce((value, change) => apply(value, change, near), structuredClone(example) as Json),
    );
}
