import { readCanonicalModel } from './model';
import { CANONICAL_MODEL_SCHEMAS } from './schemas';

/*
 * Which canonical event types the platform knows, from the same schemas and by the same reading as
 * the registry (./registry.ts), without the validators the registry builds beside them: what asks
 * only whether a type exists (the lifecycle's and the reads' external subscribers) bundles none of
 * the generated canonical validators (test/infra/bundles.test.ts).
 */
const KNOWN: ReadonlySet<string> = new Set(
  CANONICAL_MODEL_SCHEMAS.map((schema) => readCanonicalModel(schema).type),
);

export const isKnownEventType = (type: string): boolean => KNOWN.has(type);
