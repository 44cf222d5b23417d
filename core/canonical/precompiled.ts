import models from '../generated/canonical-models';
import type { SchemaValidator } from '../schema-validator';
import { checkOf, type SchemaCheck } from './schema-check';

const byId: Readonly<Record<string, SchemaValidator | undefined>> = models;

/**
 * Checks by the validators generated ahead of time for the platform's own canonical models
 * (`npm run validators`), found by the schema's `$id`: the lane loads them without compiling
 * anything, and without ajv's compiler in its bundle.
 */
export function precompiledCheck(schema: Readonly<Record<string, unknown>>): SchemaCheck {
  const validate = byId[String(schema.$id)];
  if (!validate) {
    throw new Error(
      `No validator was generated for ${String(schema.$id)}: run npm run validators after changing schemas/canonical/`,
    );
  }
  return checkOf(validate);
}
