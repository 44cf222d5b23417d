import type { FieldError, Problem as WireProblem } from '../../../functions/wire';

export type { FieldError };

/**
 * RFC 9457 problem details as the platform sends them (functions/wire). Only the status is
 * certain: an answer from something in front of the platform may not be a problem document.
 */
export type Problem = Partial<WireProblem> & { readonly status: number };

/** Anything the platform refused or could not do, with its stable machine code. */
export class VivifiedError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldError[];
  readonly traceId?: string;
  /** The problem document as the platform sent it. */
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `The platform answered ${problem.status}.`);
    this.name = new.target.name;
    this.status = problem.status;
    this.code = problem.code ?? 'unknown';
    this.errors = problem.errors ?? [];
    this.traceId = problem.traceId;
    this.problem = problem;
  }
}

/** 400/422: the request did not validate; `errors` names every failing field. */
export class ValidationFailedError extends VivifiedError {}
/** 401: the credential is missing, expired or no longer belongs to a running installation. */
export class AuthenticationFailedError extends VivifiedError {}
/** 403: policy refused (the manifest does not declare it, or the data classification exceeds a clearance). */
export class PolicyDeniedError extends VivifiedError {}
/** 403 from the proxy lane: the host or address is not allowed; `rule` says which check refused. */
export class EgressDeniedError extends VivifiedError {
  readonly rule?: string;
  constructor(problem: Problem) {
    super(problem);
    this.rule = problem.rule;
  }
}
/** 429: slow down; retry after `retryAfterSeconds`. */
export class RateLimitedError extends VivifiedError {
  constructor(
    problem: Problem,
    readonly retryAfterSeconds: number,
  ) {
    super(problem);
  }
}
/** 502/504: the other plugin or upstream failed or did not answer in time. */
export class UpstreamFailedError extends VivifiedError {}
/** 503: a platform dependency is briefly unavailable; retry after `retryAfterSeconds`. */
export class PlatformUnavailableError extends VivifiedError {
  constructor(
    problem: Problem,
    readonly retryAfterSeconds: number,
  ) {
    super(problem);
  }
}

/** The typed error for a problem answer. */
export function errorOf(problem: Problem, retryAfter: string | null): VivifiedError {
  const wait = Number(retryAfter ?? 1) || 1;
  if (problem.code === 'egress_denied') return new EgressDeniedError(problem);
  switch (problem.status) {
    case 400:
    case 422:
      return new ValidationFailedError(problem);
    case 401:
      return new AuthenticationFailedError(problem);
    case 403:
      return new PolicyDeniedError(problem);
    case 429:
      return new RateLimitedError(problem, wait);
    case 502:
    case 504:
      return new UpstreamFailedError(problem);
    case 503:
      return new PlatformUnavailableError(problem, wait);
    default:
      return new VivifiedError(problem);
  }
}

/**
 * Thrown by an exposed operation's handler to answer the caller with a problem of its own
 * (anything else thrown answers 500 without details, so internals never leak to another plugin).
 */
export class OperationError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}
