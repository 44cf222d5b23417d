import { describe, expect, it } from 'vitest';
import { UNSAFE_INTEGER } from '../../../core/json-numbers';
import { validateManifest } from '../../../core/manifest';
import { MAX_DEPTH, MAX_VALUES } from '../../../core/manifest/json-tree';
import { example, exampleWith } from './fixtures';

const errorsOf = (json: unknown) => {
  const result = validateManifest(json);
  return result.ok ? [] : result.errors;
};

describe('validateManifest on values that are not plain JSON', () => {
  it('refuses a circular document, naming where it loops', () => {
    const cyclic = example('notifier');
    cyclic.config.properties.self = cyclic.config;

    expect(errorsOf(cyclic)).toEqual([
      { pointer: '/config/properties/self', message: 'refers back to itself; a manifest cannot be circular' },
    ]);
  });

  it('accepts the same object shared in two places, which is no cycle', () => {
    const manifest = example('ehr-integration');
    const shared = ['UserCreated.v1'];
    manifest.events = { publishes: shared, subscribes: shared };

    expect(errorsOf(manifest)).toEqual([]);
  });

  it('refuses nesting deeper than it will walk', () => {
    let deep: unknown = {};
    for (let level = 0; level < 10_000; level += 1) deep = { type: 'object', properties: { a: deep } };

    const errors = errorsOf(exampleWith('notifier', { config: deep }));

    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
    expect(errors[0]!.pointer.split('/')).toHaveLength(MAX_DEPTH + 1);
  });

  it('refuses a document with more values than any manifest has, without walking all of it', () => {
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;

    expect(errorsOf(exampleWith('notifier', { traits: sparse }))).toEqual([
      { pointer: '', message: `has more than ${MAX_VALUES} values` },
    ]);
    expect(
      errorsOf(
        exampleWith('notifier', {
          big: Object.fromEntries(Array.from({ length: MAX_VALUES }, (_, i) => [i, i])),
        }),
      ),
    ).toEqual([{ pointer: '', message: `has more than ${MAX_VALUES} values` }]);
  });

  it.each<[string, unknown, string]>([
    ['a function', () => 'x', 'is not JSON data (a function)'],
    ['a symbol', Symbol('x'), 'is not JSON data (a symbol)'],
    ['a big integer', 10n, 'is not JSON data (a bigint)'],
    ['NaN', Number.NaN, 'must be a finite number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'must be a finite number'],
    // Found by the fuzz stage: DynamoDB's marshaller refused it, a 500.
    ['an integer beyond 2^53 − 1', -14364484451679676, UNSAFE_INTEGER],
    ['a float that is such an integer', 6.525061304384695e16, UNSAFE_INTEGER],
    ['a date', new Date(0), 'is not JSON data (Date)'],
    ['a map', new Map(), 'is not JSON data (Map)'],
    ['a class instance', new (class Settings {})(), 'is not JSON data (Settings)'],
    [
      'an object of an anonymous prototype',
      Object.create(Object.create(null)),
      'is not JSON data (an object with a prototype)',
    ],
  ])('refuses %s where a value belongs', (_, value, message) => {
    expect(errorsOf(exampleWith('notifier', { name: value }))).toEqual([{ pointer: '/name', message }]);
  });

  it('refuses a hole or undefined in a list, and reports every such value at once', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const traits = ['handles_pii', , 'external_service', undefined];

    expect(errorsOf(exampleWith('notifier', { traits }))).toEqual([
      { pointer: '/traits/1', message: 'is missing (undefined)' },
      { pointer: '/traits/3', message: 'is missing (undefined)' },
    ]);
  });

  it('refuses undefined at the root', () => {
    expect(errorsOf(undefined)).toEqual([{ pointer: '', message: 'is missing (undefined)' }]);
  });

  it('leaves out members that are undefined, as JSON does', () => {
    const manifest = exampleWith('storage-plugin', { allowed_domains: undefined, config: undefined });

    const result = validateManifest(manifest);

    expect(result.ok && Object.keys(result.manifest)).not.toContain('allowed_domains');
  });

  it('accepts objects without a prototype', () => {
    const manifest = Object.assign(Object.create(null), example('seed-example'));

    expect(errorsOf(manifest)).toEqual([]);
  });

  it('keeps a "__proto__" key a key: refused as a field, never turned into a prototype', () => {
    const manifest = JSON.parse(
      `{"__proto__": {"admin": true}, ${JSON.stringify(example('seed-example')).slice(1)}`,
    );

    const errors = errorsOf(manifest);

    expect(errors).toEqual([
      { pointer: '/__proto__', message: expect.stringMatching(/^is not a known field here/) },
    ]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('keeps a "__proto__" key inside config as data in the accepted copy', () => {
    const config = JSON.parse('{"type": "object", "properties": {"__proto__": {"type": "string"}}}');

    const result = validateManifest(exampleWith('notifier', { config }));

    expect(result.ok).toBe(true);
    const properties = result.ok ? (result.manifest.config?.properties as object) : {};
    expect(Object.keys(properties)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });

  it('answers a value whose own code throws with one error at the root, echoing nothing of it', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('secret internals');
        },
      },
    );
    const getter = { ...example('seed-example') };
    Object.defineProperty(getter, 'name', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });

    for (const value of [trap, getter]) {
      expect(validateManifest(value)).toEqual({
        ok: false,
        errors: [{ pointer: '', message: 'could not be read as JSON data' }],
      });
    }
  });

  it('returns the copy it checked, which later changes to the submitted value do not reach', () => {
    let reads = 0;
    const shifty = { ...example('seed-example') };
    Object.defineProperty(shifty, 'id', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'my-plugin' : 'Not Valid'),
    });

    const result = validateManifest(shifty);

    expect(result.ok && result.manifest.id).toBe('my-plugin');
    expect(result.ok && result.manifest.id).toBe('my-plugin');
  });
});
