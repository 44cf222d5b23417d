import type { FieldError } from '../errors';
import { unknownTypeError } from './known-types';
import { type CanonicalModel, readCanonicalModel } from './model';
import { precompiledCheck } from './precompiled';
import type { SchemaCheck } from './schema-check';
import { CANONICAL_MODEL_SCHEMAS } from './schemas';

/**
 * The canonical event types the platform knows, read from `schemas/canonical/` when this module
 * loads, each checked by the validator generated for it ahead of time (core/generated/).
 */

export type EventDataCheck = { readonly ok: true } | { readonly ok: false; readonly errors: FieldError[] };

interface RegisteredType {
  readonly model: CanonicalModel;
  readonly check: SchemaCheck;
}

/** Makes the check of one canonical model's data. */
export type CheckFactory = (schema: Readonly<Record<string, unknown>>) => SchemaCheck;

/**
 * Reads a set of canonical models and makes each one's check. Exported for tests of what the
 * registry refuses, which compile their made-up schemas at run time (`compileCheck`); the
 * platform's own set is built once below from the generated validators, so the lane never
 * loads ajv's compiler.
 */
export function buildRegistry(
  schemas: ReadonlyArray<Readonly<Record<string, unknown>>>,
  check: CheckFactory,
): ReadonlyMap<string, RegisteredType> {
  const registry = new Map<string, RegisteredType>();
  for (const schema of schemas) {
    const model = readCanonicalModel(schema);
    // Checked first: with `compileCheck`, compiling a duplicate would register it in Ajv for nothing.
    if (registry.has(model.type)) throw new Error(`Canonical type ${model.type} is defined twice`);
    registry.set(model.type, { model, check: check(schema) });
  }
  return registry;
}

const BUILT_IN = buildRegistry(CANONICAL_MODEL_SCHEMAS, precompiledCheck);

export {
  classificationOf,
  fieldClassifications,
  isKnownEventType,
  knownEventTypes,
  publisherOf,
} from './known-types';

/**
 * Checks an event's data against its type. Every failing field is reported at once, with a pointer
 * relative to the event (so prefixed `/data`) and a message for people.
 */
export function validateEventData(type: string, data: unknown): EventDataCheck {
  const entry = BUILT_IN.get(type);
  if (!entry) return { ok: false, errors: [unknownTypeError()] };
  const errors = entry.check(data, '/data');
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
