import type { JSONSchemaType } from 'ajv';
import type { ProxyBody } from '../../wire';

/**
 * The proxy lane's request body, as a JSON Schema typed by the body the wire contract
 * (functions/wire) says it is. Plain data:
 * scripts/precompile-validators.mts generates its validator from here
 * (functions/shared/generated/proxy-bodies.js) without loading the lane.
 */

export const proxyBody: JSONSchemaType<ProxyBody> = {
  type: 'object',
  properties: {
    method: { type: 'string', enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] },
    url: { type: 'string', minLength: 1, maxLength: 4096 },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 8192 },
      required: [],
      nullable: true,
    },
    body: { type: 'string', maxLength: 1_000_000, nullable: true },
  },
  required: ['method', 'url'],
  additionalProperties: false,
};
