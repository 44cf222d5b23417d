import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where the CLI talks to and as whom: flags win over the environment, the environment over the profile file. */
export interface Profile {
  readonly endpoint: string;
  readonly tenant?: string;
  readonly token?: string;
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
    readonly problem: {
      detail?: string;
      code?: string;
      errors?: Array<{ pointer: string; message: string }>;
      reasons?: string[];
    },
  ) {
    super(problem.detail ?? `HTTP ${status}`);
  }
}

export async function api<T = any>(
  profile: Profile,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${profile.endpoint}${path}`, {
    method,
    headers: {
      ...(profile.token ? { authorization: `Bearer ${profile.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, parsed ?? {});
  return parsed as T;
}
