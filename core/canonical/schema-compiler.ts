import type { AnySchemaObject, CodeOptions } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { checkOf, type SchemaCheck } from './schema-check';

/**
 * The Ajv set-up for everything the canonical lane checks: the canonical models and the event
 * envelope. The generator of core/generated/ and the tests build from this one function, so the
 * validators the platform ships and the ones compiled here cannot drift apart in their options.
 * Nothing the Lambdas load imports this file: it carries ajv's compiler, which cold starts do
 * without (scripts/precompile-validators.mts).
 *
 * Strict, so a typo in a schema (`requried`, `maxLenght`) fails instead of quietly accepting
 * anything. `verbose` keeps each failing keyword's schema on the error, which is where pattern
 * messages find the field's description.
 */
export function canonicalSchemaCompiler(code?: CodeOptions): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, ...(code ? { code } : {}) });
  addFormats(ajv);
  // Vivified's annotations. Ajv only needs to know them; `readCanonicalModel` checks what they say.
  for (const keyword of ['x-classification', 'x-event-type', 'x-publisher']) {
    ajv.addKeyword({ keyword, schemaType: 'string' });
  }
  return ajv;
}

let compiler: Ajv2020 | undefined;

/**
 * Compiles a schema at run time; the returned check reports every failing field (allErrors). For
 * schemas that are not the platform's own, such as the ones tests make up.
 */
export function compileCheck(schema: AnySchemaObject): SchemaCheck {
  compiler ??= canonicalSchemaCompiler();
  return checkOf(compiler.compile(schema));
}
