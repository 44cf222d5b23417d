import type { JSONSchemaType } from 'ajv';
import { TENANT_ID_PATTERN } from '../../core/tenancy/tenant';
import type { RolloutBody } from '../wire';

/*
 * A rollout's plan as a JSON Schema typed by the wire contract. Plain data:
 * scripts/precompile-validators.mts generates its validator (functions/shared/generated/
 * rollout-bodies.js), so a bad plan is a 400 naming every failing field before anything is read.
 * Whether the version is in the catalog and whether another rollout runs is the use case's
 * (application/rollouts/manage.ts).
 */

const SEMVER =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';
// A day's soak at most per wave: longer is a rollout nobody watches.
const MAX_SOAK_SECONDS = 86_400;

export const rolloutBody: JSONSchemaType<RolloutBody> = {
  type: 'object',
  properties: {
    version: { type: 'string', pattern: SEMVER },
    targets: {
      type: 'object',
      oneOf: [
        {
          type: 'object',
          properties: {
            kind: { type: 'string', const: 'tenants' },
            tenantIds: {
              type: 'array',
              items: { type: 'string', pattern: TENANT_ID_PATTERN.source },
              minItems: 1,
              maxItems: 1000,
              uniqueItems: true,
            },
          },
          required: ['kind', 'tenantIds'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            kind: { type: 'string', const: 'percentage' },
            percent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
          },
          required: ['kind', 'percent'],
          additionalProperties: false,
        },
      ],
      required: ['kind'],
    },
    waves: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          size: { type: 'integer', minimum: 1 },
          soakSeconds: { type: 'integer', minimum: 0, maximum: MAX_SOAK_SECONDS },
        },
        required: ['size', 'soakSeconds'],
        additionalProperties: false,
      },
      minItems: 1,
      maxItems: 20,
    },
    gates: {
      type: 'object',
      properties: {
        maxUnhealthy: { type: 'integer', minimum: 0 },
        maxDeadLetters: { type: 'integer', minimum: 0 },
        errorRateMargin: { type: 'number', minimum: 0, maximum: 1 },
      },
      required: ['maxUnhealthy', 'maxDeadLetters', 'errorRateMargin'],
      additionalProperties: false,
    },
  },
  required: ['version', 'targets', 'waves', 'gates'],
  additionalProperties: false,
};
