import { describe, expect, it } from 'vitest';
import { bundleAsDeployed } from '../support/deployed-bundle';

// The functions that check only the platform's own schemas use the validators generated ahead of
// time (`npm run validators`), so their bundles must carry none of ajv's compiler: neither its
// core and code generator nor fast-uri, which ajv needs only to resolve `$id`s while compiling.
// Bundled as HostFunction deploys them, as in bundles.test.ts.

const inputsOf = async (entry: string) => Object.keys((await bundleAsDeployed(entry)).inputs);

const COMPILER = /node_modules\/(ajv\/dist\/core\.js|ajv\/dist\/compile\/|fast-uri\/)/;

describe('functions that check only static schemas bundle no schema compiler', () => {
  it.each([
    [
      'functions/lanes/canonical/handler.ts',
      [
        'core/generated/canonical-models.js',
        'core/generated/canonical-envelope.js',
        'functions/shared/generated/canonical-bodies.js',
      ],
    ],
    ['functions/lanes/proxy/handler.ts', ['functions/shared/generated/proxy-bodies.js']],
    [
      'functions/health/handler.ts',
      ['core/generated/canonical-models.js', 'core/generated/canonical-envelope.js'],
    ],
  ])('%s carries no ajv compiler', async (entry, generated) => {
    const inputs = await inputsOf(entry);

    expect(inputs.filter((input) => COMPILER.test(input))).toEqual([]);
    // The generated validators are what stands in for the compiler, with only ajv's small runtime helpers.
    for (const module of generated) expect(inputs, entry).toContain(module);
    expect(inputs.some((input) => input.endsWith('node_modules/ajv/dist/runtime/ucs2length.js'))).toBe(true);
  });
});
