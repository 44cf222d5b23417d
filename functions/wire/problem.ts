import type { FieldError } from '../../core/errors';

export type { FieldError };

/**
 * How every refusal and failure is answered: RFC 9457 problem details (`application/problem+json`).
 * `code` is the stable machine code clients branch on; the optional members are what particular
 * codes add (core/errors.ts says which error carries which).
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  /** The request path. */
  readonly instance?: string;
  /** The request's trace id, to find its logs and audit records. */
  readonly traceId: string;
  /** `validation_failed`, `manifest_invalid`: every failing field at once. */
  readonly errors?: readonly FieldError[];
  /** `forbidden`: why policy said no. */
  readonly reasons?: readonly string[];
  /** `egress_denied`: which egress check refused. */
  readonly rule?: string;
  /** `illegal_transition`: the lifecycle events that are legal from the current state. */
  readonly legalEvents?: readonly string[];
  /** `rate_limited`, `dependency_unavailable`: also sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
  readonly [extension: string]: unknown;
}
