import type { ErrorObject } from 'ajv';

/**
 * A validation function as ajv makes it, whether compiled at run time or generated ahead of time
 * by `npm run validators`: after a failed call the errors are on the function. Only this much is
 * typed because it is all a generated validator has (no `schema`, no `schemaEnv`).
 */
export interface SchemaValidator<T = unknown> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}
