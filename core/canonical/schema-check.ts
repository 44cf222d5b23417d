import type { ErrorObject } from 'ajv';
import type { FieldError } from '../errors';
import type { SchemaValidator } from '../schema-validator';

/**
 * What the canonical lane says about a failed schema check, in words for people. Which validator
 * ran is the caller's choice: the platform's own schemas are checked by code generated ahead of
 * time (core/generated/), others by `compileCheck` in schema-compiler.ts.
 */

/** Checks a value and returns every failing field, pointers prefixed with where the value sits. */
export type SchemaCheck = (value: unknown, pointerPrefix: string) => FieldError[];

// RFC 6901: `~` and `/` inside a key are escaped, so a submitted key like `a/b` stays one segment.
export const escapePointerSegment = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

const pointerOf = (error: ErrorObject): string => {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const key = error.keyword === 'required' ? params.missingProperty : params.additionalProperty;
  return key === undefined ? error.instancePath : `${error.instancePath}/${escapePointerSegment(key)}`;
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  null: 'null',
};

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  email: 'an email address',
  date: 'a calendar date (YYYY-MM-DD)',
  'date-time': 'a date and time with a time zone (RFC 3339, e.g. 2025-01-31T09:30:00Z)',
  uri: 'an absolute URI',
};

type Params = Record<string, unknown>;

/**
 * Messages for people, by failing keyword. They name the rule, never the submitted value: these
 * errors travel back through the lanes and into logs, and the value may be PHI.
 */
const MESSAGES: Readonly<Record<string, (params: Params, error: ErrorObject) => string>> = {
  required: () => 'is required',
  additionalProperties: () => 'is not a field of this event; remove it',
  type: (params) =>
    `must be ${[params.type]
      .flat()
      .map((type) => TYPE_NAMES[String(type)] ?? String(type))
      .join(' or ')}`,
  format: (params) => `must be ${FORMAT_NAMES[String(params.format)] ?? `a valid ${String(params.format)}`}`,
  enum: (params) => `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
  minLength: (params) =>
    params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`,
  maxLength: (params) => `must be at most ${params.limit} characters long`,
  minimum: (params) => `must be at least ${params.limit}`,
  maximum: (params) => `must be at most ${params.limit}`,
  maxItems: (params) => `must have at most ${params.limit} items`,
  uniqueItems: (params) => {
    const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
    return `must not repeat an item (items ${first} and ${second} are the same)`;
  },
  pattern: (_params, error) => {
    const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
    return typeof description === 'string'
      ? `is not in the expected format: ${description}`
      : 'is not in the expected format';
  },
};

const messageOf = (error: ErrorObject): string =>
  MESSAGES[error.keyword]?.(error.params, error) ?? error.message ?? 'is not valid';

/** A check that reports every failing field of a validator built with allErrors. */
export function checkOf(validate: SchemaValidator): SchemaCheck {
  return (value, pointerPrefix) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map((error) => ({
          pointer: `${pointerPrefix}${pointerOf(error)}`,
          message: messageOf(error),
        }));
}
