/** A JSON answer of the platform, with its headers (Retry-After, content type). */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/**
 * Calls a running platform (the local gateway, `vivified dev`) over real HTTP with a bearer
 * token and a JSON body, and parses the JSON answer.
 */
export function jsonClient(baseUrl: () => string) {
  return async (
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonAnswer> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** Polls `probe` every 200 ms until it answers something truthy, or fails after `seconds`. */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  seconds = 30,
): Promise<T> {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; ) {
    const found = await probe();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within ${seconds} s.`);
}
