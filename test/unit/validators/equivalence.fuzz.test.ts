import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchemaValidator } from '../../../core/schema-validator';
import { VALIDATOR_MODULES } from '../../../scripts/validator-modules';
import { EXAMPLES } from './examples';
import { mutatedExample } from './mutations';

// The generated validators must judge exactly as the ones ajv compiles at run time from the same
// schemas with the same set-up: same verdict, same errors, in the same order. Each error is
// compared whole, since the lanes' messages read keyword, params, instancePath, propertyName and
// (with `verbose`) parentSchema.

const root = join(__dirname, '..', '..', '..');
const load = createRequire(__filename);

interface Verdict {
  readonly valid: boolean;
  readonly errors: ErrorObject[] | null | undefined;
}

const verdict = (validate: SchemaValidator, value: unknown): Verdict => ({
  valid: validate(value),
  errors: structuredClone(validate.errors),
});

describe.each(VALIDATOR_MODULES.map((module) => [module.path, module] as const))('%s', (_path, module) => {
  const generated = load(join(root, `${module.path}.js`)) as Record<string, SchemaValidator>;
  // One instance per module and the schemas in the module's order, as the lanes compiled them.
  const ajv = module.compiler();
  const compiled = new Map(module.validators.map(({ name, schema }) => [name, ajv.compile(schema)]));

  it.each(module.validators.map(({ name, schema }) => [name, schema] as const))('%s', (name, schema) => {
    const precompiled = generated[name]!;
    const runtime = compiled.get(name)!;
    const examples = EXAMPLES[`${module.path}#${name}`] ?? [];
    expect(examples.length, `an example for ${module.path}#${name} in examples.ts`).toBeGreaterThan(0);
    for (const example of examples) {
      expect(verdict(runtime, example), 'the example is valid').toEqual({ valid: true, errors: null });
      expect(verdict(precompiled, example)).toEqual({ valid: true, errors: null });
    }

    const same = (value: unknown) => {
      expect(verdict(precompiled, value)).toEqual(verdict(runtime, value));
    };
    fc.assert(fc.property(fc.jsonValue(), same), { numRuns: 200 });
    fc.assert(fc.property(mutatedExample(examples, schema), same), { numRuns: 500 });
  });
});
