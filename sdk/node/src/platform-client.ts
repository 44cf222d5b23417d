import { decodeJwt } from 'jose';
import type { RoutedAction } from '../../../functions/routes';
import { type Responses, type RouteInput, routeRequest } from '../../../functions/wire';
import { errorOf, type Problem } from './errors';

export interface PlatformClientOptions {
  readonly apiUrl: string;
  readonly credential: string;
  /** Renew the credential when this share of its lifetime has passed. @default 0.8 */
  readonly renewAt?: number;
  readonly onRenewFailed?: (error: unknown) => void;
}

/**
 * Talks to the platform's lanes with the installation's credential, which it renews through
 * `/v1/self/credential` before it expires, so a plugin can run for weeks on the one credential
 * its task was started with.
 */
export class PlatformClient {
  private credential: string;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: PlatformClientOptions) {
    this.credential = options.credential;
  }

  /** Starts renewing the credential in the background. */
  startRenewal(): void {
    const { exp, iat } = decodeJwt(this.credential);
    if (!exp) return;
    const issued = (iat ?? Math.floor(Date.now() / 1000)) * 1000;
    const due = issued + (exp * 1000 - issued) * (this.options.renewAt ?? 0.8);
    this.timer = setTimeout(
      () => {
        this.renew()
          .catch((error: unknown) => this.options.onRenewFailed?.(error))
          .finally(() => this.startRenewal());
      },
      Math.max(1_000, due - Date.now()),
    );
    this.timer.unref();
  }

  stopRenewal(): void {
    clearTimeout(this.timer);
  }

  /** Exchanges the current credential for a fresh one. */
  async renew(): Promise<void> {
    const { credential } = await this.call('self.credential', {});
    this.credential = credential;
  }

  /**
   * Calls a route by its action: method and path from the platform's route table, the answer
   * typed by the route's wire type (functions/wire).
   */
  call<A extends RoutedAction>(
    action: A,
    input: RouteInput<A>,
    headers: Record<string, string> = {},
  ): Promise<Responses[A]> {
    const { method, path } = routeRequest(action, input);
    return this.request<Responses[A]>(method, path, input.body, headers);
  }

  /** A JSON request to a lane; a problem answer becomes the matching typed error. */
  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(new URL(path, this.options.apiUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.credential}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? parseJson(text) : undefined;
    if (response.ok) return parsed as T;
    const problem: Problem =
      typeof parsed === 'object' && parsed !== null
        ? { ...(parsed as Problem), status: response.status }
        : { status: response.status, detail: text.slice(0, 500) || undefined };
    throw errorOf(problem, response.headers.get('retry-after'));
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
