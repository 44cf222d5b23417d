import type { APIGatewayProxyResult } from 'aws-lambda';
import { DependencyUnavailableError, isVivifiedError, RateLimitedError } from '../../core/errors';
import type { Problem } from '../wire';

/** A problem (functions/wire) before the request's path and trace id are added. */
type ProblemOf = Pick<Problem, 'type' | 'title' | 'status' | 'detail' | 'code'> & {
  readonly [extension: string]: unknown;
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

/** What middy's own middlewares throw (http-errors): only their status and safe message are used. */
interface ExposedHttpError {
  statusCode: number;
  expose?: boolean;
  message: string;
}

const isExposedHttpError = (error: unknown): error is ExposedHttpError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as ExposedHttpError).statusCode === 'number' &&
  (error as ExposedHttpError).expose === true;

function problemOf(error: unknown, traceId: string): ProblemOf {
  if (isVivifiedError(error)) {
    return {
      type: `https://vivified.dev/problems/${error.code}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...error.details,
    };
  }
  if (isExposedHttpError(error)) {
    // Malformed JSON is the client's mistake, reported as 400 like every other bad input (middy
    // reports it as 415 or 422, depending on the version).
    const malformed = error.statusCode === 422 || /malformed JSON/i.test(error.message);
    const status = malformed ? 400 : error.statusCode;
    const code =
      status === 415 ? 'unsupported_media_type' : status === 404 ? 'route_not_found' : 'malformed_request';
    return {
      type: `https://vivified.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: status === 400 ? 'The request body is not valid JSON.' : error.message,
      code,
    };
  }
  // Anything else is our fault: say so without leaking internals, and give a reference to look up.
  return {
    type: 'https://vivified.dev/problems/internal_error',
    title: TITLES[500]!,
    status: 500,
    detail: `An internal error occurred. Reference: ${traceId}.`,
    code: 'internal_error',
  };
}

export function problemResponse(error: unknown, traceId: string, instance?: string): APIGatewayProxyResult {
  const problem: Problem = { ...problemOf(error, traceId), ...(instance ? { instance } : {}), traceId };
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (error instanceof RateLimitedError || error instanceof DependencyUnavailableError)
    headers['Retry-After'] = String(error.retryAfterSeconds);
  return { statusCode: problem.status, headers, body: JSON.stringify(problem) };
}
