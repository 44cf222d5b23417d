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
      // A header name is an HTTP token and a value holds no control character but tab (RFC 9110
      // §5.1, §5.5): anything else is the caller's mistake, refused here with its pointer, not
      // left for the HTTP client to throw on and be reported as the upstream's failure.
      propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$" },
      additionalProperties: { type: 'string', maxLength: 8192, pattern: '^[\\t\\x20-\\x7e\\x80-\\xff]*$' },
      required: [],
      nullable: true,
    },
    body: { type: 'string', maxLength: 1_000_000, nullable: true },
  },
  required: ['method', 'url'],
  additionalProperties: false,
};
