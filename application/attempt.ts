import type { AuditTarget } from '../core/audit';

/**
 * What an action needs to know of the request that asks for it, in plain terms: which route
 * action, what it was aimed at (for the audit record of a refusal before anything is looked up)
 * and the trace id that logs, audit and problems share.
 */
export interface Attempt {
  readonly action: string;
  /** The route, e.g. `{ kind: 'route', id: 'POST /v1/lanes/operator/{targetPluginId}/{operation}' }`. */
  readonly route: AuditTarget;
  readonly traceId: string;
}

/**
 * A request body as sent, and how to validate it. An action parses it only after deciding, so a
 * caller without the right learns nothing from input validation.
 */
export interface Unvalidated<Body> {
  readonly raw: unknown;
  parse(raw: unknown): Body;
}

/** Which page of a listing: at most `limit` items, after `cursor`. */
export interface PageAsk {
  readonly limit: number;
  readonly cursor?: string;
}
