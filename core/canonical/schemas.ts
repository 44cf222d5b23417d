import documentProcessedV1 from '../../schemas/canonical/DocumentProcessed.v1.schema.json';
import detailSchema from '../../schemas/canonical/envelope/detail.schema.json';
import paymentReceivedV1 from '../../schemas/canonical/PaymentReceived.v1.schema.json';
import pluginHealthChangedV1 from '../../schemas/canonical/PluginHealthChanged.v1.schema.json';
import userCreatedV1 from '../../schemas/canonical/UserCreated.v1.schema.json';

/**
 * The schemas the canonical lane checks, as plain data: the registry and the envelope read them,
 * and scripts/precompile-validators.mts turns them into the validators in core/generated/. Kept
 * free of anything else so the generator loads schemas, not the lane.
 */

/** The canonical event types the platform knows, one schema per type and version. */
export const CANONICAL_MODEL_SCHEMAS = [
  userCreatedV1,
  documentProcessedV1,
  paymentReceivedV1,
  pluginHealthChangedV1,
] as const;

// A plugin id becomes part of the EventBridge source, which rules and archives match on, so it is
// held to characters that need no escaping anywhere and to a length that keeps the source short.
export const PLUGIN_ID = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';

export { detailSchema };

// EventBridge adds its own fields (version, id, account, region, resources); they are allowed
// and ignored: the canonical envelope lives in `source`, `detail-type` and `detail`.
export const deliveredSchema = {
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: {
      description: 'vivified.platform, or vivified.plugin. followed by the publishing plugin id.',
      type: 'string',
      pattern: `^vivified\\.(platform|plugin\\.${PLUGIN_ID})$`,
    },
    'detail-type': { type: 'string' },
    detail: { $ref: detailSchema.$id },
  },
};
