import type { FieldError } from './errors';

/**
 * Why a JSON number is refused although JSON allows it: an integer beyond ±(2^53 − 1) has already
 * lost digits when it was parsed, and the registry's DynamoDB marshaller refuses it outright (it
 * would otherwise come back as a BigInt that no JSON answer can carry). Refusing it at the door,
 * with its pointer, is the honest answer; storing it would be a 500.
 */
export const UNSAFE_INTEGER =
  'must be an integer between -9007199254740991 and 9007199254740991 (2^53 − 1); a larger one cannot be kept exactly';

export const isUnsafeInteger = (value: number): boolean =>
  Number.isInteger(value) && !Number.isSafeInteger(value);

/** Every unsafe integer in a JSON value, with its pointer under `at`. */
export function unsafeIntegers(value: unknown, at: string): FieldError[] {
  if (typeof value === 'number')
    return isUnsafeInteger(value) ? [{ pointer: at, message: UNSAFE_INTEGER }] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, entry]) =>
    unsafeIntegers(entry, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
  );
}
