import type { JSONSchemaType } from 'ajv';
import { detailSchema } from '../../../core/canonical/schemas';
import type { PublishBody, PublishedEvent } from '../../wire';

/**
 * The canonical lane's request body, as a JSON Schema typed by the body the wire contract
 * (functions/wire) says it is. Plain data:
 * scripts/precompile-validators.mts generates its validator from here
 * (functions/shared/generated/canonical-bodies.js) without loading the lane.
 */

const EVENT: JSONSchemaType<PublishedEvent> = {
  type: 'object',
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 128 },
    data: { type: 'object', required: [] },
    // The envelope's own rule for an id (printable ASCII, 1–256), so the body check and stamping
    // cannot disagree and a bad id is reported at its place in the batch.
    id: { ...detailSchema.$defs.identifier, type: 'string', nullable: true },
  },
  required: ['type', 'data'],
  additionalProperties: false,
};

export const publishBody: JSONSchemaType<PublishBody> = {
  type: 'object',
  properties: { events: { type: 'array', items: EVENT, minItems: 1, maxItems: 10 } },
  required: ['events'],
  additionalProperties: false,
};
