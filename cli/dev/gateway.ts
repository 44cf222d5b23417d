import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { VivifiedError } from '../../core/errors';
import { type Area, ROUTES } from '../../functions/routes';
import { problemResponse } from '../../functions/shared/problem';

export type AreaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalGatewayOptions {
  /** The Lambda handler of each area, as deployed behind API Gateway. */
  readonly areas: Partial<Record<Area, AreaHandler>>;
  /** Extra GET documents served as JSON (e.g. `/.well-known/jwks.json`). */
  readonly documents?: Readonly<Record<string, () => unknown>>;
  /** Largest body accepted off the wire; handlers apply their own, smaller limits. @default 6 MiB (Lambda's) */
  readonly maxBodyBytes?: number;
  /** Told about failures of the gateway itself (not of handlers, which answer problem+json). */
  readonly onError?: (error: unknown) => void;
  /** Serves non-API requests (the console). */
  readonly fallback?: (request: IncomingMessage, response: ServerResponse) => void;
}

const context = (area: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: `vivified-${area}`,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:vivified-${area}`,
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/vivified-${area}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 29_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

// The gateway's own refusals, answered as problem+json like every handler's (title, trace id).
class TooLarge extends VivifiedError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

class RouteNotFound extends VivifiedError {
  readonly code = 'route_not_found';
  readonly status = 404;
}

/** A path the table has, asked with a method it does not: 405 with the methods it has (RFC 9110 §15.5.6). */
class MethodNotAllowed extends VivifiedError {
  readonly code = 'method_not_allowed';
  readonly status = 405;
  constructor(
    message: string,
    readonly allow: readonly string[],
  ) {
    super(message, { allow });
  }
}

/** The methods the route table serves at a concrete path (its `{name}` segments match one segment). */
const methodsAt = (path: string): string[] =>
  [
    ...new Set(
      ROUTES.filter((route) => new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path)).map(
        (route) => route.method,
      ),
    ),
  ].sort();

async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TooLarge('The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
}

/**
 * API Gateway on one machine: serves the route table through the real area handlers with
 * REST-API-shaped (v1 proxy) events. Matching uses middy's http-router over the same table the
 * CDK construct reads, so local and deployed routing cannot drift apart.
 */
export function localGateway(options: LocalGatewayOptions) {
  const router = httpRouterHandler({
    routes: ROUTES.filter((route) => options.areas[route.area]).map((route) => ({
      method: route.method,
      path: route.path,
      handler: (event: APIGatewayProxyEvent, ctx: Context) =>
        options.areas[route.area]!({ ...event, resource: route.path }, ctx),
    })),
    notFoundResponse: ({ method, path }: { method: string; path: string }) => {
      const allow = methodsAt(path);
      if (allow.length > 0)
        throw new MethodNotAllowed(`${path} answers ${allow.join(', ')}, not ${method}.`, allow);
      throw new RouteNotFound(`No route ${method} ${path}.`);
    },
  });

  async function handle(request: IncomingMessage, response: ServerResponse, requestId: string) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const document = request.method === 'GET' ? options.documents?.[url.pathname] : undefined;
    if (document) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
      response.end(JSON.stringify(document()));
      return;
    }
    if (!url.pathname.startsWith('/v1/') && options.fallback) {
      options.fallback(request, response);
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    );
    const query = Object.fromEntries(url.searchParams);
    const event: APIGatewayProxyEvent = {
      resource: '',
      path: url.pathname,
      httpMethod: request.method ?? 'GET',
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: Object.keys(query).length ? query : null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      requestContext: { requestId, httpMethod: request.method, path: url.pathname, stage: 'local' } as never,
      body: await readBody(request, options.maxBodyBytes ?? 6 * 1024 * 1024),
      isBase64Encoded: false,
    };
    const result = (await router(event, context('gateway'), undefined as never)) as APIGatewayProxyResult;
    // API Gateway drops headers without a value (middy's security headers unset `Server` that way).
    const answered = Object.entries(result.headers ?? {}).filter(
      ([, value]) => value !== undefined && value !== null,
    );
    response.writeHead(result.statusCode, { ...Object.fromEntries(answered), 'x-amzn-requestid': requestId });
    response.end(result.body);
  }

  const server: Server = createServer((request, response) => {
    const requestId = randomUUID();
    handle(request, response, requestId).catch((error: unknown) => {
      if (!(error instanceof VivifiedError)) options.onError?.(error);
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const problem = problemResponse(error, requestId, path);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(problem.statusCode, {
        ...problem.headers,
        'x-amzn-requestid': requestId,
        ...(error instanceof MethodNotAllowed ? { allow: error.allow.join(', ') } : {}),
      });
      response.end(problem.body);
    });
  });

  return {
    server,
    async listen(port = 0, host = '127.0.0.1'): Promise<string> {
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      return `http://${host}:${(server.address() as AddressInfo).port}`;
    },
    /**
     * Stops accepting connections and ends the idle ones at once; a request still being answered
     * gets `graceMs` to finish before its connection is cut, so a slow emulator call or a client
     * that holds a keep-alive socket open cannot keep `vivified dev` from stopping.
     */
    close: (graceMs = 2_000) =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
