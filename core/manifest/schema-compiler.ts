import type { CodeOptions } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';

/**
 * The Ajv set-up for `schemas/manifest.schema.json`, shared by the generator of
 * core/generated/manifest.js and the tests that compare the generated validator with a compiled
 * one. Strict mode makes a sloppy schema fail rather than silently accept what other-language
 * SDKs validating with the same file would refuse. `verbose` hands each error its parent schema,
 * from which messages name the fields allowed.
 */
export const manifestSchemaCompiler = (code?: CodeOptions): Ajv2020 =>
  new Ajv2020({ allErrors: true, strict: true, verbose: true, ...(code ? { code } : {}) });
