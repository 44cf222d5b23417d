import type { CodeOptions } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';

/**
 * The Ajv set-up for request bodies, shared by the generator of functions/shared/generated/ and
 * the tests that compare the generated validators with compiled ones. No handler imports it:
 * bodies are checked by the generated code, so the Lambdas carry no schema compiler for them.
 */
export const bodySchemaCompiler = (code?: CodeOptions): Ajv2020 =>
  new Ajv2020({ allErrors: true, strict: true, ...(code ? { code } : {}) });
