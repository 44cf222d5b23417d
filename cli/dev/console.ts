import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import type { DevIssuer } from '../../adapters/identity/dev-issuer';
import { CONSOLE_USERS } from './users';

export interface ConsoleServerOptions {
  /** The built console (`npm run console:build` writes console/dist). */
  readonly directory: string;
  readonly issuer: DevIssuer;
  /** Lifetime of a development sign-in. @default 8 hours */
  readonly sessionSeconds?: number;
}

// The console loads only its own scripts and styles and talks only to this origin; it is never framed.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 4096) throw new Error('too large');
  }
  return JSON.parse(text);
}

/**
 * What `vivified dev` serves besides the API: the console's files, its run-time config, and the
 * development sign-in (tokens from the local issuer for the demo's people). The sign-in exists only
 * here, on 127.0.0.1; deployed consoles sign in through Cognito.
 */
export function consoleServer(options: ConsoleServerOptions) {
  const built = existsSync(options.directory);
  const files = built
    ? sirv(options.directory, { dev: false, etag: true, setHeaders: (res) => setHeaders(res) })
    : undefined;

  function setHeaders(response: ServerResponse) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  }

  return (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method === 'GET' && path === '/config.json') {
      return json(response, 200, {
        apiUrl: '',
        auth: { kind: 'development', usersPath: '/dev/users', loginPath: '/dev/login' },
      });
    }
    if (request.method === 'GET' && path === '/dev/users') {
      return json(response, 200, {
        users: CONSOLE_USERS.map(({ id, name, tenantId, roles, platformAdmin }) => ({
          id,
          name,
          ...(tenantId ? { tenantId } : {}),
          roles: platformAdmin ? ['platform_admin'] : roles,
        })),
      });
    }
    if (request.method === 'POST' && path === '/dev/login') {
      readJson(request)
        .then(async (body) => {
          const user = CONSOLE_USERS.find((u) => u.id === (body as { user?: unknown })?.user);
          if (!user)
            return json(response, 404, { code: 'unknown_user', detail: 'No such development user.' });
          const token = await options.issuer.issue(user, options.sessionSeconds ?? 8 * 3600);
          return json(response, 200, { token });
        })
        .catch(() => json(response, 400, { code: 'malformed_request', detail: 'Send {"user": "<id>"}.' }));
      return;
    }
    if (!files) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The console is not built: run `npm run console:build` (npm start does it for you).\n');
      return;
    }
    files(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      response.end('Not found\n');
    });
  };
}
