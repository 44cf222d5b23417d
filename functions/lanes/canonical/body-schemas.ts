import type { JSONSchemaType } from 'ajv';

/**
 * The canonical lane's request body, as a JSON Schema typed by the body it describes. Plain data:
 * scripts/precompile-validators.mts generates its validator from here
 * (functions/shared/generated/canonical-bodies.js) without loading the lane.
 */

export interface PublishedEvent {
  type: string;
  data: Record<string, unknown>;
  /** The publisher's id for the event, for deduplication; generated when absent. */
  id?: string;
}

export interface PublishBody {
  events: PublishedEvent[];
}

const EVENT: JSONSchemaType<PublishedEvent> = {
  type: 'object',
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 128 },
    data: { type: 'object', required: [] },
    id: { type: 'string', minLength: 1, maxLength: 128, nullable: true },
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
