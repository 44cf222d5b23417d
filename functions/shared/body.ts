import type { ErrorObject } from 'ajv';
import { type FieldError, ValidationError } from '../../core/errors';
import type { SchemaValidator } from '../../core/schema-validator';

/** One reference token of a JSON pointer (RFC 6901: `~` and `/` escaped). */
const token = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1');

const pointerOf = (error: ErrorObject): string => {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required') return `${error.instancePath}/${token(params.missingProperty ?? '')}`;
  if (error.keyword === 'additionalProperties')
    return `${error.instancePath}/${token(params.additionalProperty ?? '')}`;
  // A property name that breaks `propertyNames` is pointed at by its own name.
  if (error.propertyName !== undefined) return `${error.instancePath}/${token(error.propertyName)}`;
  return error.instancePath;
};

const messageOf = (error: ErrorObject): string => {
  if (error.propertyName !== undefined) return `is not an allowed name: it ${error.message ?? 'is invalid'}`;
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a field of this request';
  if (error.keyword === 'const')
    return `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
  return error.message ?? 'is invalid';
};

/**
 * A request-body parser around a validator generated ahead of time from the body's schema
 * (`npm run validators`), answering every failing field with its JSON pointer as a 400. The
 * generated validator carries the body's TypeScript type, which the schema was checked against.
 */
export function bodyValidator<T>(validate: SchemaValidator<T>): (body: unknown) => T {
  return (body) => {
    if (validate(body)) return body;
    // `propertyNames` adds a summary error beside the one naming the property: keep the named one.
    const named = (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames');
    const errors: FieldError[] = named.map((e) => ({
      pointer: pointerOf(e),
      message: messageOf(e),
    }));
    throw new ValidationError('The request body is invalid.', errors);
  };
}
