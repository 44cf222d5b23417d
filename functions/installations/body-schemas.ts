import type { JSONSchemaType } from 'ajv';
import type { ConfigureBody, InstallBody, SubscriberBody, UpgradeBody } from '../wire';

/**
 * The request bodies of the installations API, as JSON Schemas typed by the bodies the wire
 * contract (functions/wire) says they are.
 * Plain data: scripts/precompile-validators.mts generates their validators from here
 * (functions/shared/generated/installations-bodies.js) without loading any handler.
 */

const PLUGIN_ID = '^[a-z0-9][a-z0-9-]{1,62}$';
// Semantic Versioning 2.0.0, as in the manifest schema.
const SEMVER =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';

export const installBody: JSONSchemaType<InstallBody> = {
  type: 'object',
  properties: {
    pluginId: { type: 'string', pattern: PLUGIN_ID },
    version: { type: 'string', pattern: SEMVER, nullable: true },
    consent: { type: 'boolean' },
  },
  required: ['pluginId', 'consent'],
  additionalProperties: false,
};

export const configureBody: JSONSchemaType<ConfigureBody> = {
  type: 'object',
  properties: { values: { type: 'object', required: [] } },
  required: ['values'],
  additionalProperties: false,
};

export const upgradeBody: JSONSchemaType<UpgradeBody> = {
  type: 'object',
  properties: {
    version: { type: 'string', pattern: SEMVER },
    consent: { type: 'boolean', nullable: true },
  },
  required: ['version'],
  additionalProperties: false,
};

export const subscriberBody: JSONSchemaType<SubscriberBody> = {
  type: 'object',
  properties: {
    busArn: {
      type: 'string',
      pattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._/-]{1,256}$',
    },
    types: {
      type: 'array',
      items: { type: 'string', maxLength: 128 },
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
    },
    clearance: {
      type: 'array',
      items: { type: 'string', enum: ['pii', 'phi'] },
      uniqueItems: true,
      nullable: true,
    },
  },
  required: ['busArn', 'types'],
  additionalProperties: false,
};
