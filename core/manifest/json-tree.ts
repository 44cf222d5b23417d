import type { FieldError } from '../errors';
import { isUnsafeInteger, UNSAFE_INTEGER } from '../json-numbers';

/**
 * A submitted manifest is copied into a plain JSON tree before anything looks at it. Validators
 * and rules then only ever see finite, acyclic, bounded data, and what is accepted is exactly what
 * was checked: a getter or a Proxy cannot answer one thing to the validator and another later.
 */

/** Deep enough for any real config schema, shallow enough that no walk below can exhaust the stack. */
export const MAX_DEPTH = 64;
/** Values (scalars, list entries, object members) in one manifest; real ones have a few hundred. */
export const MAX_VALUES = 20_000;

/** One JSON pointer (RFC 6901) segment. */
export const escapeSegment = (segment: string | number): string =>
  String(segment).replaceAll('~', '~0').replaceAll('/', '~1');

export const pointerTo = (path: readonly (string | number)[]): string =>
  path.map((segment) => `/${escapeSegment(segment)}`).join('');

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export type JsonTreeRead =
  | { readonly ok: true; readonly tree: JsonValue }
  | { readonly ok: false; readonly errors: FieldError[] };

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What kind of non-plain object this is (`Date`, `Map`, a class name), or undefined for a plain one. */
function unlessPlain(value: object): string | undefined {
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return undefined;
  return String(prototype.constructor?.name || 'an object with a prototype');
}

/**
 * Copies `value` as JSON would see it, but refuses what JSON would silently change: cycles,
 * functions, symbols, big integers, non-finite numbers, holes in lists and objects that are not
 * plain (dates, maps, class instances). Object members that are `undefined` are left out, as
 * `JSON.stringify` does. Every refusal is reported with its pointer; the copy is returned only
 * when there is none. May throw if the value's own accessors throw; the caller guards.
 */
export function readJsonTree(value: unknown): JsonTreeRead {
  const errors: FieldError[] = [];
  const ancestors = new Set<object>();
  let values = 0;

  const refuse = (path: (string | number)[], message: string): undefined => {
    errors.push({ pointer: pointerTo(path), message });
    return undefined;
  };

  const copy = (node: unknown, path: (string | number)[]): JsonValue | undefined => {
    values += 1;
    if (values > MAX_VALUES) return undefined;
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return node;
    if (typeof node === 'number')
      return !Number.isFinite(node)
        ? refuse(path, 'must be a finite number')
        : isUnsafeInteger(node)
          ? refuse(path, UNSAFE_INTEGER)
          : node;
    if (node === undefined) return refuse(path, 'is missing (undefined)');
    if (typeof node !== 'object') return refuse(path, `is not JSON data (a ${typeof node})`);
    if (ancestors.has(node)) return refuse(path, 'refers back to itself; a manifest cannot be circular');
    if (path.length >= MAX_DEPTH) return refuse(path, `nests deeper than ${MAX_DEPTH} levels`);
    ancestors.add(node);
    try {
      return Array.isArray(node) ? copyList(node, path) : copyObject(node, path);
    } finally {
      ancestors.delete(node);
    }
  };

  const copyList = (list: unknown[], path: (string | number)[]): JsonValue[] => {
    const result: JsonValue[] = [];
    for (let index = 0; index < list.length && values <= MAX_VALUES; index += 1) {
      const entry = copy(list[index], [...path, index]);
      if (entry !== undefined) result.push(entry);
    }
    return result;
  };

  const copyObject = (object: object, path: (string | number)[]): JsonObject | undefined => {
    const kind = unlessPlain(object);
    if (kind !== undefined) return refuse(path, `is not JSON data (${kind})`);
    const members: [string, JsonValue][] = [];
    for (const key of Object.keys(object)) {
      if (values > MAX_VALUES) break;
      const member = (object as Record<string, unknown>)[key];
      if (member === undefined) continue;
      const entry = copy(member, [...path, key]);
      if (entry !== undefined) members.push([key, entry]);
    }
    // fromEntries defines own data properties, so a "__proto__" key stays a key and never becomes a prototype.
    return Object.fromEntries(members);
  };

  const tree = copy(value, []);
  if (values > MAX_VALUES)
    return { ok: false, errors: [{ pointer: '', message: `has more than ${MAX_VALUES} values` }] };
  // Without a refusal every node was copied, so the tree is complete.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tree: tree as JsonValue };
}
