import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../core/errors';
import { LANES, type Lane } from '../../core/metrics/lane-series';
import type { LaneMetricsRecorder } from '../../core/ports';
import { type ActionOf, type Area, findRoute, type Route, type RoutedAction, routesOf } from '../routes';
import type { Answers, Queries, Responses } from '../wire';
import { publishMetrics } from './middleware/publish-metrics';
import { problemResponse } from './problem';

/** What a route handler receives: the matched route, its inputs and the trace id. Never raw identity. */
export interface HttpRequest<A extends RoutedAction = RoutedAction> {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
  /** The query parameters the route reads (functions/wire/queries.ts); others are not looked at. */
  readonly query: Queries[A];
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly traceId: string;
  /** Claims API Gateway's Cognito authorizer verified, when it ran (deployed user routes). */
  readonly verifiedClaims?: Readonly<Record<string, unknown>>;
  /**
   * Names the installation a plugin's request is counted for in its lane metrics, once its
   * credential is verified (and, on the proxy lane, the host it went to). A request never
   * attributed (its credential refused) counts only in the per-action metrics.
   */
  readonly attribute: (caller: LaneCaller, host?: string) => void;
}

/** The installation a lane request is counted for. */
export interface LaneCaller {
  readonly tenantId: string;
  readonly installationId: string;
}

/**
 * A route's answer: the body its wire type says (functions/wire), or a body passed through as-is
 * (e.g. a plugin's answer on the operator lane). Routes that answer nothing (204) may leave it out.
 */
export type HttpResult<Body = unknown> = {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
} & (
  | (undefined extends Body ? { readonly body?: Body } : { readonly body: Body })
  | { readonly rawBody: string }
);

/** The handler of one route, typed by what the route reads, answers and with which status. */
export type RouteHandler<A extends RoutedAction = RoutedAction> = (
  request: HttpRequest<A>,
) => Promise<HttpResult<Responses[A]> & { readonly status: Answers[A] }>;

/** One handler for each route of an area, keyed by the route's action. */
export type AreaHandlers<A extends Area> = { readonly [Action in ActionOf<A>]: RouteHandler<Action> };

export interface HttpApiOptions<A extends Area> {
  readonly area: A;
  /** One handler per action of the area's routes; a missing one is a start-up error, not a 404. */
  readonly handlers: AreaHandlers<A>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Origins allowed by CORS (the console's). @default none: no CORS headers */
  readonly corsOrigins?: readonly string[];
  /** Origins that may frame the area's panel pages (the console's). @default none: no page may be framed */
  readonly frameAncestors?: readonly string[];
  /** Bodies larger than this are refused before parsing. @default 256 KiB */
  readonly maxBodyBytes?: number;
  /** Runs after every request, answered or failed (e.g. archive the audit records it wrote). */
  readonly onSettled?: () => Promise<void>;
  /** Where each plugin request attributed to its installation is counted (the lanes). @default none */
  readonly laneMetrics?: LaneMetricsRecorder;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Trace id: API Gateway's request id (or a caller's correlation id), so logs, audit and problems agree. */
// A caller's correlation id is used only if it is an identifier the canonical envelope accepts
// (printable ASCII, no spaces): the trace id is stamped on events, and a header must not make an
// otherwise valid event invalid.
const CORRELATION_ID = /^[\x21-\x7E]{1,128}$/;
const traceIdOf = (event: APIGatewayProxyEvent): string => {
  const asked = event.headers?.['x-correlation-id'];
  return (
    (asked && CORRELATION_ID.test(asked) ? asked : undefined) ??
    event.requestContext?.requestId ??
    randomUUID()
  );
};

/**
 * A request's own log keys, passed with each line rather than appended to the shared logger: one
 * process answers requests concurrently in `vivified dev` (and any in-process host), and appended
 * keys would name whichever request appended last.
 */
const requestKeys = (event: APIGatewayProxyEvent) => ({
  traceId: traceIdOf(event),
  action: findRoute(event.httpMethod, event.resource)?.action ?? 'unrouted',
});

/**
 * Per-request metrics on instances of their own (Powertools' single metrics, flushed at once),
 * not dimensions on the shared one, which concurrent requests would overwrite ("Dimension Action
 * has already been added"). In Lambda one instance answers one request at a time, so this only
 * costs a second EMF line per request. Every request counts, answered or not: a request its
 * handler refused (4xx) also counts as a Refusal, one that failed (5xx) as a Failure, so errors
 * show per action instead of vanishing from Requests and Latency.
 */
function measure(metrics: Metrics, action: string, latencyMs: number, outcome: Outcome) {
  for (const [name, unit, value] of [
    ['Requests', 'Count', 1],
    ['Latency', 'Milliseconds', latencyMs],
    ...(outcome === 'answered'
      ? []
      : ([[outcome === 'refused' ? 'Refusals' : 'Failures', 'Count', 1]] as const)),
  ] as const) {
    const metric = metrics.singleMetric();
    metric.addDimension('Action', action);
    metric.addMetric(name, unit, value);
  }
}

type Outcome = 'answered' | 'refused' | 'failed';

const laneOf = (route: Route): Lane | undefined =>
  route.caller === 'plugin' ? LANES.find((lane) => lane === route.area) : undefined;

/** What a thrown error will be answered with (./problem.ts): ours carry a status, middy's a statusCode. */
const outcomeOf = (error: unknown): Outcome => {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 500;
  return code < 500 ? 'refused' : 'failed';
};

/**
 * The HTTP pipeline every control-plane Lambda shares: header normalisation, a body size limit
 * before parsing, JSON parsing, security headers, CORS, correlation-id logging and metrics, and
 * one error boundary that answers `application/problem+json`. Dispatch is by the API Gateway
 * resource path, looked up in the route table, so there is no second routing definition.
 */
export function httpApi<A extends Area>(options: HttpApiOptions<A>) {
  const { area, logger, metrics } = options;
  // Dispatch looks handlers up by the matched route's action, whatever each one answers.
  const handlers = options.handlers as unknown as Readonly<
    Record<string, ((request: HttpRequest) => Promise<HttpResult>) | undefined>
  >;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // A route without a handler (or a handler without a route) is a wiring mistake: fail at cold start.
  const actions = routesOf(area).map((route) => route.action);
  const unserved = actions.filter((action) => !handlers[action]);
  const unrouted = Object.keys(handlers).filter((action) => !(actions as readonly string[]).includes(action));
  if (unserved.length > 0 || unrouted.length > 0) {
    throw new Error(
      `The ${area} API is miswired: unserved ${unserved.join(', ') || '-'}; unrouted ${unrouted.join(', ') || '-'}.`,
    );
  }

  const dispatch = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const route = findRoute(event.httpMethod, event.resource);
    const handler = route && route.area === area ? handlers[route.action] : undefined;
    if (!route || !handler) throw new NotFoundError(`No route ${event.httpMethod} ${event.path}.`);
    const traceId = traceIdOf(event);
    const started = performance.now();
    let outcome: Outcome = 'answered';
    let attributed: { caller: LaneCaller; host?: string } | undefined;
    // An answer the handler returned rather than threw may still be an error (a plugin's 5xx passed on).
    let answeredStatus = 0;
    let result: HttpResult;
    try {
      result = await handler({
        route,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Queries[RoutedAction],
        body: event.body ?? undefined,
        headers: (event.headers ?? {}) as Record<string, string>,
        traceId,
        verifiedClaims: event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined,
        // Only the ids are kept: a caller may pass its whole principal (manifest and all).
        attribute: ({ tenantId, installationId }, host) => {
          attributed = { caller: { tenantId, installationId }, host };
        },
      });
      answeredStatus = result.status;
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      const latencyMs = performance.now() - started;
      measure(metrics, route.action, latencyMs, outcome);
      const lane = laneOf(route);
      if (attributed && lane) {
        options.laneMetrics?.record({
          ...attributed.caller,
          lane,
          atMs: Date.now(),
          latencyMs,
          failed: outcome !== 'answered' || answeredStatus >= 400,
          ...(attributed.host === undefined ? {} : { host: attributed.host }),
        });
      }
    }
    return {
      statusCode: result.status,
      headers: { 'Content-Type': 'application/json', ...result.headers },
      body:
        'rawBody' in result ? result.rawBody : result.body === undefined ? '' : JSON.stringify(result.body),
    };
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics(metrics))
    .use(httpHeaderNormalizer())
    .use(
      httpCors({
        origins: [...(options.corsOrigins ?? [])],
        credentials: false,
        headers: 'Authorization,Content-Type,X-Correlation-Id',
      }),
    )
    .use(panelFrame(options.frameAncestors ?? []))
    .use(httpSecurityHeaders())
    .use(noStore())
    .use(settle(logger, options.onSettled))
    .use(problemBoundary(logger))
    .use(bodyLimit(maxBodyBytes))
    .use(httpJsonBodyParser({ disableContentTypeError: true }))
    .handler(dispatch);
}

/** Calls `onSettled` once per request; its failure is logged, not turned into the client's error. */
function settle(
  logger: Logger,
  onSettled?: () => Promise<void>,
): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const run = async (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>) => {
    try {
      await onSettled?.();
    } catch (error) {
      logger.error('Post-request work failed; it is retried on the next request', {
        ...requestKeys(request.event),
        error: error as Error,
      });
    }
  };
  return { after: run, onError: run };
}

/**
 * Responses may carry PHI: no cache anywhere between us and the client. Only a route that answers
 * a public document (the operator JWKS, the OpenAPI document) sets its own caching; errors never.
 */
function noStore(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const apply =
    (keepOwn: boolean) => (request: middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>) => {
      if (!request.response) return;
      if (keepOwn && request.response.headers?.['Cache-Control']) return;
      request.response.headers = { ...request.response.headers, 'Cache-Control': 'no-store' };
    };
  return { after: apply(true), onError: apply(false) };
}

/**
 * A console panel's page (an `html` route's 200) is framed by the console, so it gets the panel
 * headers instead of the framing refusals every other answer carries: only inline styles, no
 * script, no request of its own, and only the console's origins may frame it (docs/panels.md).
 * Registered before the security headers so that its `after` runs last and has the final word;
 * `nosniff` and the rest of the security headers stay. A panel never sets a cookie.
 */
function panelFrame(
  consoleOrigins: readonly string[],
): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    after: (request) => {
      const route = findRoute(request.event.httpMethod, request.event.resource);
      const response = request.response;
      if (!route?.html || !response || response.statusCode !== 200) return;
      const ancestors = consoleOrigins.length > 0 ? consoleOrigins.join(' ') : "'none'";
      const { 'X-Frame-Options': _deny, 'Set-Cookie': _cookie, ...headers } = response.headers ?? {};
      response.headers = {
        ...headers,
        'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
        // The console's origin is another site's deployed (CloudFront, not API Gateway).
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Referrer-Policy': 'no-referrer',
      };
    },
  };
}

/** Refuses oversized bodies before anything parses them (413), so a huge body cannot cost us a parse. */
function bodyLimit(maxBytes: number): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: (request) => {
      const body = request.event.body;
      if (!body) return;
      const bytes = request.event.isBase64Encoded
        ? Math.floor((body.length * 3) / 4)
        : Buffer.byteLength(body);
      if (bytes > maxBytes) {
        throw new PayloadTooLargeError(`The request body is ${bytes} bytes; the limit is ${maxBytes} bytes.`);
      }
      // A form route reads its one field itself: a body that is no form carries no session, which
      // is a 401 there, not a 415 telling an anonymous caller what the route takes.
      if (findRoute(request.event.httpMethod, request.event.resource)?.form) return;
      // Only JSON is accepted; a body without a JSON content type is refused rather than guessed at.
      const type = request.event.headers?.['content-type'] ?? '';
      if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
        throw new UnsupportedMediaTypeError('Request bodies must be JSON (Content-Type: application/json).');
      }
    },
  };
}

/** The single error boundary: every error becomes problem+json; unexpected ones are logged, not leaked. */
function problemBoundary(logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      const keys = requestKeys(request.event);
      const response = problemResponse(request.error, keys.traceId, request.event.path);
      // The trace id logged is the one the client is shown ("Reference"), so support can find it.
      if (response.statusCode >= 500)
        logger.error('Unhandled error', { ...keys, error: request.error as Error });
      request.response = { ...response, headers: { ...request.response?.headers, ...response.headers } };
    },
  };
}
