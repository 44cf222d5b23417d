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
  const response = await fetch(`${profile.endpoint}${path}`, {
    method,
    headers: {
      ...(profile.token ? { authorization: `Bearer ${profile.token}` } : {}),
      ...(profile.correlationId ? { 'x-correlation-id': profile.correlationId } : {}),
      ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, parsed ?? {});
  return parsed as Responses[A];
}
