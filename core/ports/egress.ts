/** A verdict from core's egress guard, in the shape the transport needs. */
export type EgressVerdict =
  | { readonly allowed: true; readonly rule: string }
  | { readonly allowed: false; readonly rule: string; readonly reason: string };

/** The egress guard for one calling plugin, asked again at every hop of a request. */
export interface EgressChecks {
  /**
   * Scheme, userinfo, port and allowlist rules for a URL (before any DNS); raw text (a redirect's
   * `Location`, read against `base`) is also refused when it is ambiguous or has control characters.
   */
  url(url: URL | string, base?: URL): EgressVerdict;
  /** Every address the name resolved to must be public (or inside a test allow-range). */
  addresses(host: string, addresses: readonly string[]): EgressVerdict;
}

export interface EgressRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /**
   * The secrets injected into the request, by name: a redirect to another origin drops them (and
   * the credential headers) or is refused. @default none
   */
  readonly secrets?: Readonly<Record<string, string>>;
}

export interface EgressResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** Every URL visited, the first included, for the audit record. */
  readonly hops: readonly URL[];
}

/**
 * The way out to the internet: one request, with every hop checked by `checks` and connected to
 * exactly the address that was checked. A refusal is an EgressDeniedError naming its rule.
 */
export type Egress = (request: EgressRequest, checks: EgressChecks) => Promise<EgressResponse>;
