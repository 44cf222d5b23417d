import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ROUTES, type Route } from '../../functions/routes';
import { asFunction, asInvocation } from './iam/caller';

export interface Call {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** A bearer token; omitted means no Authorization header. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Send the body as this exact string (for malformed JSON tests). */
  readonly rawBody?: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: any;
}

export function route(method: string, path: string): Route {
  const found = ROUTES.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`No route ${method} ${path}`);
  return found;
}

/** An API Gateway REST (v1) proxy event for a route of the table, as API Gateway would send it. */
export function apiEvent(target: Route, call: Call = {}): APIGatewayProxyEvent {
  const path = target.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(call.params?.[name] ?? ''),
  );
  const body = call.rawBody ?? (call.body === undefined ? null : JSON.stringify(call.body));
  const headers: Record<string, string> = {
    ...(body !== null ? { 'Content-Type': 'application/json' } : {}),
    ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
    ...call.headers,
  };
  return {
    resource: target.path,
    path,
    httpMethod: target.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: call.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: call.params ?? null,
    stageVariables: null,
    requestContext: {
      requestId: randomUUID(),
      httpMethod: target.method,
      path,
      resourcePath: target.path,
    } as never,
    body,
    isBase64Encoded: false,
  };
}

export function lambdaContext(name = 'vivified-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Invokes a Lambda handler with an API-Gateway-shaped event and parses the JSON answer. The
 * handler runs as the function that serves the route deployed (its area), so the IAM harness
 * evaluates its AWS calls against that function's role.
 */
export async function call(
  handler: Handler,
  method: string,
  path: string,
  request: Call = {},
): Promise<Answer> {
  const target = route(method, path);
  const result = await asInvocation(`${target.method} ${target.path}`, () =>
    asFunction(target.area, () => handler(apiEvent(target, request), lambdaContext())),
  );
  return {
    status: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    // A panel answers HTML: only JSON answers are parsed.
    body: result.body ? (isHtml(result.headers) ? result.body : JSON.parse(result.body)) : undefined,
  };
}

const isHtml = (headers: APIGatewayProxyResult['headers']) =>
  String(headers?.['Content-Type'] ?? '').startsWith('text/html');
