import { type FieldError, ValidationError } from '../errors';
import type { DataClassification } from '../manifest/types';
import {
  type CanonicalModel,
  type EventPublisher,
  type FieldClassifications,
  readCanonicalModel,
} from './model';
import { CANONICAL_MODEL_SCHEMAS } from './schemas';

/*
 * The canonical event types the platform knows and what each says of its fields, from the same
 * schemas and by the same reading as the registry (./registry.ts), without the validators the
 * registry builds beside them: what only asks whether a type exists or how its fields are
 * classified (the lifecycle's external subscribers and upgrade capabilities, redaction) bundles
 * none of the generated canonical validators (test/infra/bundles.test.ts).
 */
const MODELS: ReadonlyMap<string, CanonicalModel> = new Map(
  CANONICAL_MODEL_SCHEMAS.map((schema) => {
    const model = readCanonicalModel(schema);
    return [model.type, model] as const;
  }),
);
const KNOWN_TYPES: readonly string[] = Object.freeze([...MODELS.keys()].sort());

export const isKnownEventType = (type: string): boolean => MODELS.has(type);

/** Type names with versions, sorted, e.g. `['DocumentProcessed.v1', ...]`. */
export const knownEventTypes = (): readonly string[] => KNOWN_TYPES;

/** The pointer error for a type the platform does not know, naming the ones it does. */
export const unknownTypeError = (): FieldError => ({
  pointer: '/type',
  message: `is not a known canonical event type (known: ${KNOWN_TYPES.join(', ')})`,
});

function modelOf(type: string): CanonicalModel {
  const model = MODELS.get(type);
  if (!model) {
    throw new ValidationError('The event type is not a known canonical event type.', [unknownTypeError()]);
  }
  return model;
}

/** The type's classification: the most sensitive classification among its fields. Throws on an unknown type. */
export const classificationOf = (type: string): DataClassification => modelOf(type).classification;

/** Each field's classification, by JSON pointer into the data (`*` for every item of a list). */
export const fieldClassifications = (type: string): FieldClassifications => modelOf(type).fields;

/** Whether plugins or only the platform may publish the type. Throws on an unknown type. */
export const publisherOf = (type: string): EventPublisher => modelOf(type).publisher;
