import type { FieldError } from '../errors';
import { validateEventData } from './registry';

/**
 * Event data that has passed its type's schema once and can no longer change. The lane validates
 * a publisher's data before stamping it, and stamping and every subscriber's redaction need the
 * same guarantee; sealing lets them share one check and one copy instead of validating and
 * deep-copying again at each step (the canonical publish benchmark measured those repeats as most
 * of the lane's cost).
 *
 * Sealed data is a deep copy made before the check and frozen, so what was checked is what is
 * published: neither the publisher (which keeps its original) nor any later step can change it.
 * Frozen data is safe to share, so redacted copies share every subtree they do not change.
 */

export type SealedData = Readonly<Record<string, unknown>>;

export type SealedCheck =
  | { readonly ok: true; readonly data: SealedData }
  | { readonly ok: false; readonly errors: FieldError[] };

/** The type each sealed value was checked against. Weak, so sealed data is collected with its event. */
const sealedAs = new WeakMap<object, string>();

/** Deeper than any canonical schema describes; the limit keeps a cyclic value from overflowing the stack. */
const MAX_DEPTH = 64;

class TooDeep extends Error {}

function frozenCopy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return Object.freeze(value.map((item) => frozenCopy(item, depth + 1)));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = frozenCopy((value as Record<string, unknown>)[key], depth + 1);
    // Assigning `__proto__` would set the prototype and drop the key before the schema could
    // refuse it, so that one key is defined instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true });
    else copy[key] = item;
  }
  return Object.freeze(copy);
}

/** Whether the value is data sealed for the type, which needs neither a check nor a copy again. */
export const isSealedAs = (type: string, data: unknown): data is SealedData =>
  typeof data === 'object' && data !== null && sealedAs.get(data) === type;

/**
 * Checks event data against its type and returns it sealed: a frozen deep copy later steps trust
 * without checking again. Data already sealed for the type is returned as it is. Errors are as
 * `validateEventData` reports them, pointers prefixed `/data`.
 */
export function sealEventData(type: string, data: unknown): SealedCheck {
  if (isSealedAs(type, data)) return { ok: true, data };
  let copy: unknown;
  try {
    copy = frozenCopy(data, 0);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    return {
      ok: false,
      errors: [{ pointer: '/data', message: `must not nest deeper than ${MAX_DEPTH} levels` }],
    };
  }
  const check = validateEventData(type, copy);
  if (!check.ok) return check;
  sealedAs.set(copy as object, type);
  return { ok: true, data: copy as SealedData };
}
