import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RoutedAction } from '../functions/routes';
import { type Problem, type Responses, type RouteInput, routeRequest } from '../functions/wire';

/** Where the CLI talks to and as whom: flags win over the environment, the environment over the profile file. */
export interface Profile {
  readonly endpoint: string;
  readonly tenant?: string;
  readonly token?: string;
  /** Sent as `x-correlation-id`: the trace id of the requests (and of their audit records). */
  readonly correlationId?: string;
}

export const profilePath = () => process.env.VIVIFIED_PROFILE ?? join(homedir(), '.vivified', 'profile.json');

export function readProfile(flags: Partial<Profile> = {}): Profile {
  let saved: Partial<Profile> = {};
  try {
    saved = JSON.parse(readFileSync(profilePath(), 'utf8'));
  } catch {
    // No profile yet: flags and environment only.
  }
  return {
    endpoint: flags.endpoint ?? process.env.VIVIFIED_ENDPOINT ?? saved.endpoint ?? 'http://127.0.0.1:8787',
    tenant: flags.tenant ?? process.env.VIVIFIED_TENANT ?? saved.tenant,
    token: flags.token ?? process.env.VIVIFIED_TOKEN ?? saved.token,
  };
}

export function saveProfile(profile: Profile): void {
  mkdirSync(dirname(profilePath()), { recursive: true });
  // The token is a credential: readable by its owner only.
  writeFileSync(profilePath(), `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
}

/** The command was called wrongly (a missing flag, a malformed pair): exit 2, as commander's own. */
export class UsageError extends Error {}

/** The token is not one the platform accepts (expired, malformed, another key): exit 3. */
export class SessionError extends Error {}

/** Nothing answered at the endpoint: the message names it and how to start a local platform. */
export class PlatformUnreachableError extends Error {
  constructor(endpoint: string, cause: unknown) {
    const reason = (cause as { cause?: { code?: string; message?: string } })?.cause;
    super(
      `cannot reach the platform at ${endpoint} (${reason?.code ?? reason?.message ?? String(cause)}). ` +
        'Is it running? Locally start it with `npm start` (or `npx vivified dev --demo`); ' +
        'for another platform pass --endpoint or set VIVIFIED_ENDPOINT.',
    );
  }
}

/**
 * `fetch` against the endpoint, with a refused or unresolvable connection reported as
 * PlatformUnreachableError rather than undici's bare "fetch failed".
 */
export async function reach(endpoint: string, path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(`${endpoint}${path}`, init);
  } catch (error) {
    throw new PlatformUnreachableError(endpoint, error);
  }
}

/** An API answer that is not a success, with the problem document the API sent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? `HTTP ${status}`);
  }
}

/** Routes without path parameters or a body may be called with no input at all. */
type InputOf<A extends RoutedAction> =
  object extends RouteInput<A> ? [input?: RouteInput<A>] : [input: RouteInput<A>];

/**
 * Calls one route by its action: the method and path come from the route table and the answer is
 * typed by the route's wire type (functions/wire), so no command spells a path or guesses a shape.
 */
export async function api<A extends RoutedAction>(
  profile: Profile,
  action: A,
  ...[input = {} as RouteInput<A>]: InputOf<A>
): Promise<Responses[A]> {
  const { method, path } = routeRequest(action, input);
  const response = await reach(profile.endpoint, path, {
    method,
    headers: {
      ...(profile.token ? { authorization: `Bearer ${profile.token}` } : {}),
      ...(profile.correlationId ? { 'x-correlation-id': profile.correlationId } : {}),
      ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(
      `the server at ${profile.endpoint} answered ${path} with HTTP ${response.status} that is not JSON: is it a Vivified platform?`,
    );
  }
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Partial<Problem>);
  return parsed as Responses[A];
}
