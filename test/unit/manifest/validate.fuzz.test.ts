import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../core/errors';
import { domainProblem, validateManifest } from '../../../core/manifest';
import schema from '../../../schemas/manifest.schema.json';
import { EXAMPLE_NAMES, example } from './fixtures';

function expectWellFormed(errors: readonly FieldError[]) {
  expect(errors.length).toBeGreaterThan(0);
  for (const { pointer, message } of errors) {
    expect(pointer === '' || pointer.startsWith('/')).toBe(true);
    expect(message.trim().length).toBeGreaterThan(0);
    // ajv's own phrasing would mean a message went untranslated.
    expect(message).not.toMatch(/must NOT|must match pattern|must be equal to/);
  }
}

const checkAnything = (value: unknown) => {
  const result = validateManifest(value);
  if (!result.ok) expectWellFormed(result.errors);
};

// A thousand runs each: seconds when the machine is busy, so they get more than the default 5 s.
describe('validateManifest, whatever it is given', { timeout: 30_000 }, () => {
  it('never throws on arbitrary JSON, and every error has a pointer and words', () => {
    fc.assert(fc.property(fc.jsonValue(), checkAnything), { numRuns: 500 });
  });

  it('never throws on arbitrary JavaScript values', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
        }),
        checkAnything,
      ),
      { numRuns: 500 },
    );
  });

  it('never throws when any field of a valid manifest, at any depth, is replaced by anything', () => {
    const paths = (node: unknown, path: string[] = []): string[][] =>
      typeof node === 'object' && node !== null
        ? Object.entries(node).flatMap(([key, value]) => [[...path, key], ...paths(value, [...path, key])])
        : [];
    const targets = EXAMPLE_NAMES.flatMap((name) =>
      paths(example(name)).map((path) => [name, path] as const),
    );

    fc.assert(
      fc.property(fc.constantFrom(...targets), fc.anything(), ([name, path], value) => {
        const manifest = example(name);
        const parent = path.slice(0, -1).reduce<Record<string, any>>((node, key) => node[key], manifest);
        parent[path.at(-1)!] = value;
        checkAnything(manifest);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports an allowed domain, however malformed, exactly once and in words', () => {
    const hostish = fc.stringMatching(/^[a-zA-Z0-9.*:/@%?#[\]\\ _-]{0,40}$/);

    fc.assert(
      fc.property(fc.oneof(hostish, fc.string(), fc.webUrl(), fc.ipV4(), fc.ipV6(), fc.domain()), (entry) => {
        const manifest = { ...example('notifier'), allowed_domains: [entry] };
        const result = validateManifest(manifest);
        const errors = result.ok ? [] : result.errors.filter((e) => e.pointer === '/allowed_domains/0');
        expect(errors.length).toBeLessThanOrEqual(1);
        if (result.ok) expect(domainProblem(entry)).toBeUndefined();
        else expectWellFormed(result.errors);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the schema on every host it accepts that is spelled in ASCII', () => {
    const domainPattern = new RegExp(schema.$defs.domain.pattern, 'u');

    fc.assert(
      fc.property(fc.domain(), fc.boolean(), (host, wildcard) => {
        const entry = wildcard ? `*.${host}` : host;
        if (domainProblem(entry) === undefined) expect(domainPattern.test(entry)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
