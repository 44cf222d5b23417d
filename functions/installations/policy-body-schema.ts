import type { JSONSchemaType } from 'ajv';
import { ROLES } from '../../core/policy/principal';
import type { SimulateBody } from '../wire';

/*
 * The policy simulation's request body as a JSON Schema typed by the wire contract. Plain data:
 * scripts/precompile-validators.mts generates its validator (functions/shared/generated/
 * policy-bodies.js). Which principal and which question are given together is the use case's to
 * check (application/policy/simulate.ts), so each mistake is named at its own pointer.
 */

const PLUGIN_ID = '^[a-z0-9][a-z0-9-]{1,62}$';
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, nullable: true }) as const;

export const simulateBody: JSONSchemaType<SimulateBody> = {
  type: 'object',
  properties: {
    principal: {
      type: 'object',
      properties: {
        installation: { type: 'string', pattern: PLUGIN_ID, nullable: true },
        pluginId: { type: 'string', pattern: PLUGIN_ID, nullable: true },
        version: text(128),
        role: { type: 'string', enum: [...ROLES], nullable: true },
      },
      additionalProperties: false,
    },
    action: text(64),
    resource: {
      type: 'object',
      properties: {
        eventType: text(128),
        targetPluginId: { type: 'string', pattern: PLUGIN_ID, nullable: true },
        operation: text(128),
        url: text(2048),
        secrets: {
          type: 'array',
          items: { type: 'string', minLength: 1, maxLength: 64 },
          maxItems: 20,
          nullable: true,
        },
        pluginId: { type: 'string', pattern: PLUGIN_ID, nullable: true },
      },
      additionalProperties: false,
      nullable: true,
    },
    all: { type: 'boolean', nullable: true },
  },
  required: ['principal'],
  additionalProperties: false,
};
