import { type FieldError, ValidationError } from '../errors';
import type { DataClassification } from '../manifest/types';
import {
  type CanonicalModel,
  type EventPublisher,
  type FieldClassifications,
  readCanonicalModel,
} from './model';
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
const KNOWN_TYPES: readonly string[] = Object.freeze([...BUILT_IN.keys()].sort());

const unknownTypeError = (): FieldError => ({
  pointer: '/type',
  message: `is not a known canonical event type (known: ${KNOWN_TYPES.join(', ')})`,
});

function registered(type: string): RegisteredType {
  const entry = BUILT_IN.get(type);
  if (!entry) {
    throw new ValidationError('The event type is not a known canonical event type.', [unknownTypeError()]);
  }
  return entry;
}

/** Type names with versions, sorted, e.g. `['DocumentProcessed.v1', ...]`. */
export const knownEventTypes = (): readonly string[] => KNOWN_TYPES;

export { isKnownEventType } from './known-types';

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

/** The type's classification: the most sensitive classification among its fields. Throws on an unknown type. */
export const classificationOf = (type: string): DataClassification => registered(type).model.classification;

/** Each field's classification, by JSON pointer into the data (`*` for every item of a list). */
export const fieldClassifications = (type: string): FieldClassifications => registered(type).model.fields;

/** Whether plugins or only the platform may publish the type. Throws on an unknown type. */
export const publisherOf = (type: string): EventPublisher => registered(type).model.publisher;
