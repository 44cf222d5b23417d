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
/*
 * Every number a plan accepts is one the registry can store: DynamoDB refuses a number whose
 * magnitude is under 1E-130 or over 9.9E+125 (https://docs.aws.amazon.com/amazondynamodb/latest/
 * developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number), which a
 * schema bounded only by 0 lets through as a 500. The bounds are also the finest and largest
 * that mean anything: a hundredth of a percent is one tenant in 10,000, and no deployment holds
 * more installations than MAX_COUNT.
 */
const MIN_PERCENT = 0.01;
const MIN_MARGIN = 0.0001;
const MAX_COUNT = 1_000_000;

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
            percent: { type: 'number', minimum: MIN_PERCENT, maximum: 100 },
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
          size: { type: 'integer', minimum: 1, maximum: MAX_COUNT },
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
        maxUnhealthy: { type: 'integer', minimum: 0, maximum: MAX_COUNT },
        maxDeadLetters: { type: 'integer', minimum: 0, maximum: MAX_COUNT },
        // No margin (0), or one of at least MIN_MARGIN: a smaller one is no margin to measure.
        errorRateMargin: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          anyOf: [{ const: 0 }, { minimum: MIN_MARGIN }],
        },
      },
      required: ['maxUnhealthy', 'maxDeadLetters', 'errorRateMargin'],
      additionalProperties: false,
    },
  },
  required: ['version', 'targets', 'waves', 'gates'],
  additionalProperties: false,
};
