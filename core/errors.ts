/**
 * The domain's error family. Every error carries a stable machine `code` and the HTTP status a
 * handler should answer with, so the edge maps errors without knowing the domain. Messages are
 * written for people and never include secrets, stack traces or internal identifiers.
 */

/** One failing input field: a JSON pointer (RFC 6901) into the submitted document and why it failed. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

export abstract class VivifiedError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Extra, client-safe detail for problem+json bodies (e.g. `errors`, `legalEvents`). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input failed validation; `errors` lists every failing field at once. */
export class ValidationError extends VivifiedError {
  readonly code: string = 'validation_failed';
  readonly status = 400;
  readonly errors: readonly FieldError[];

  constructor(message: string, errors: readonly FieldError[]) {
    super(message, { errors });
    this.errors = errors;
  }
}

/** A plugin manifest is invalid (schema or cross-field rules). */
export class ManifestInvalidError extends ValidationError {
  override readonly code = 'manifest_invalid';
}

/** The caller's identity could not be established (missing, forged, expired credential). */
export class AuthenticationError extends VivifiedError {
  readonly code = 'unauthenticated';
  readonly status = 401;
}

/** Policy denied the action; `reasons` are the human-readable reasons from `decide`. */
export class PolicyDeniedError extends VivifiedError {
  readonly code = 'forbidden';
  readonly status = 403;
  readonly reasons: readonly string[];

  constructor(message: string, reasons: readonly string[]) {
    super(message, { reasons });
    this.reasons = reasons;
  }
}

export class NotFoundError extends VivifiedError {
  readonly code = 'not_found';
  readonly status = 404;
}

/** The resource exists in a state that forbids the request (e.g. delete while installed). */
export class ConflictError extends VivifiedError {
  readonly code: string = 'conflict';
  readonly status = 409;
}

/** A lifecycle event is not legal from the current state; names the events that are. */
export class IllegalTransitionError extends ConflictError {
  override readonly code = 'illegal_transition';
  readonly from: string;
  readonly event: string;
  readonly legalEvents: readonly string[];

  /** `message`: the refusal in plain words (core/lifecycle/refusal.ts); by default the table's. */
  constructor(from: string, event: string, legalEvents: readonly string[], message?: string) {
    const legal = legalEvents.length > 0 ? legalEvents.join(', ') : 'none';
    super(message ?? `Cannot ${event} an installation that is ${from}; legal from ${from}: ${legal}.`, {
      from,
      event,
      legalEvents,
    });
    this.from = from;
    this.event = event;
    this.legalEvents = legalEvents;
  }
}

/** Someone else changed the record first (optimistic concurrency); the client may retry. */
export class ConcurrentModificationError extends ConflictError {
  override readonly code = 'concurrent_modification';
}

/**
 * The KMS key a tenant's values are sealed under is disabled or scheduled for deletion (a tenant
 * being offboarded, its data crypto-shredded): they can be neither sealed nor opened.
 */
export class SealingKeyUnavailableError extends ConflictError {
  override readonly code = 'sealing_key_unavailable';
}

/** The proxy lane refused an egress target; `rule` names the rule that decided. */
export class EgressDeniedError extends VivifiedError {
  readonly code = 'egress_denied';
  readonly status = 403;
  readonly rule: string;

  constructor(message: string, rule: string) {
    super(message, { rule });
    this.rule = rule;
  }
}

export class PayloadTooLargeError extends VivifiedError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends VivifiedError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

export class RateLimitedError extends VivifiedError {
  readonly code = 'rate_limited';
  readonly status = 429;
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A service the platform depends on (registry, queues, keys, bus) is unreachable or failing even
 * after the SDK's retries: nothing was changed that is not undone or recorded, and the same
 * request may be sent again after `retryAfterSeconds`.
 */
export class DependencyUnavailableError extends VivifiedError {
  readonly code = 'dependency_unavailable';
  readonly status = 503;
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A plugin or downstream service answered badly (502) or not in time (504). */
export class UpstreamError extends VivifiedError {
  readonly code: string;
  readonly status: 502 | 504;

  constructor(message: string, status: 502 | 504) {
    super(message);
    this.status = status;
    this.code = status === 504 ? 'upstream_timeout' : 'upstream_failed';
  }
}

export const isVivifiedError = (error: unknown): error is VivifiedError => error instanceof VivifiedError;
