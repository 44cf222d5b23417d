import type { ErrorObject, JSONSchemaType, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { type FieldError, ValidationError } from '../../core/errors';

const ajv = new Ajv2020({ allErrors: true, strict: true });

const pointerOf = (error: ErrorObject): string => {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required') return `${error.instancePath}/${params.missingProperty}`;
  if (error.keyword === 'additionalProperties') return `${error.instancePath}/${params.additionalProperty}`;
  return error.instancePath;
};

const messageOf = (error: ErrorObject): string => {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a field of this request';
  if (error.keyword === 'const')
    return `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
  return error.message ?? 'is invalid';
};

/**
 * A request-body validator compiled once at module load (cold start), answering every failing
 * field with its JSON pointer as a 400. The schema doubles as the body's TypeScript type.
 */
export function bodyValidator<T>(schema: JSONSchemaType<T>): (body: unknown) => T {
  const validate: ValidateFunction<T> = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return body;
    const errors: FieldError[] = (validate.errors ?? []).map((e) => ({
      pointer: pointerOf(e),
      message: messageOf(e),
    }));
    throw new ValidationError('The request body is invalid.', errors);
  };
}
