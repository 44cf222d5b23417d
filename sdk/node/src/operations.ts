import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { OPERATOR_CALL_HEADERS } from '../../../core/lanes/operator-claims';
import { OperationError } from './errors';
import type { Caller } from './operator-verify';

export type OperationHandler<In = unknown, Out = unknown> = (
  payload: In,
  caller: Caller,
) => Promise<Out> | Out;

/** An exposed operation as the manifest declares it. */
export interface ExposedOperation {
  readonly method: string;
  readonly path: string;
}

export interface OperationServerOptions {
  readonly exposed: Readonly<Record<string, ExposedOperation>>;
  readonly handlers: ReadonlyMap<string, OperationHandler>;
  readonly healthPath: string;
  readonly health: () => Promise<boolean> | boolean;
  readonly verify: (signature: string | undefined, body: string) => Promise<Caller>;
  /** Largest request body accepted. @default 1 MiB */
  readonly maxBodyBytes?: number;
  readonly onError: (error: unknown) => void;
}

const send = (response: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  response.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
};

const problem = (response: ServerResponse, status: number, code: string, detail: string) =>
  send(response, status, { status, code, detail }, 'application/problem+json');

async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The plugin's HTTP side: its health endpoint, and the operations it exposes, each reachable only
 * with the platform's signature for this installation (a request from anywhere else is 401).
 */
export function operationServer(options: OperationServerOptions): Server {
  const routes = new Map(
    Object.entries(options.exposed).map(([name, op]) => [`${op.method.toUpperCase()} ${op.path}`, name]),
  );
  return createServer(async (request, response) => {
    try {
      const path = new URL(request.url ?? '/', 'http://plugin').pathname;
      if (request.method === 'GET' && path === options.healthPath) {
        const healthy = await Promise.resolve(options.health()).catch(() => false);
        return send(response, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unhealthy' });
      }
      const name = routes.get(`${request.method} ${path}`);
      const handler = name ? options.handlers.get(name) : undefined;
      if (!name || !handler) return problem(response, 404, 'operation_not_found', 'No such operation.');
      const body = await readBody(request, options.maxBodyBytes ?? 1024 * 1024);
      if (body === undefined) return problem(response, 413, 'payload_too_large', 'The body is too large.');
      let caller: Caller;
      try {
        caller = await options.verify(
          request.headers[OPERATOR_CALL_HEADERS.signature] as string | undefined,
          body,
        );
      } catch (error) {
        return problem(response, 401, 'unauthenticated', (error as Error).message);
      }
      if (caller.operation !== name)
        return problem(response, 401, 'unauthenticated', 'The signature is for another operation.');
      let payload: unknown;
      try {
        payload = body ? JSON.parse(body) : undefined;
      } catch {
        return problem(response, 400, 'malformed_request', 'The body is not valid JSON.');
      }
      const result = await handler(payload, caller);
      return send(response, 200, result ?? null);
    } catch (error) {
      if (error instanceof OperationError) return problem(response, error.status, error.code, error.message);
      options.onError(error);
      return problem(response, 500, 'internal_error', 'The operation failed.');
    }
  });
}
