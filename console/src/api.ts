import type { FieldError, Problem } from '../../functions/wire';

/** An API refusal (RFC 9457 problem details), with every field error the API listed. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  /** The field errors under one pointer prefix, e.g. `/values/sender`. */
  errorsAt(pointer: string): FieldError[] {
    return this.errors.filter((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`));
  }
}

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A client bound to the API base URL and the session's bearer token. */
export function apiClient(baseUrl: string, token: string, onUnauthenticated: () => void): Api {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiProblem(0, 'network_error', 'The API could not be reached. Check your connection.');
    }
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (response.ok) return json as T;
    if (response.status === 401) onUnauthenticated();
    const problem = (json ?? {}) as Partial<Problem>;
    throw new ApiProblem(
      response.status,
      problem.code ?? 'http_error',
      problem.detail ?? `The API answered ${response.status}.`,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A path segment, escaped. */
export const seg = (value: string) => encodeURIComponent(value);
