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
