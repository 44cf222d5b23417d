import type { JSONWebKeySet } from 'jose';

/*
 * What the lanes and the self-service routes take and answer: the plugin SDKs' side of the wire.
 * The operator lane answers with the target plugin's own body, which no type here describes; the
 * claims it signs for the target are in core/lanes/operator-claims.ts.
 */

export interface PublishedEvent {
  type: string;
  data: Record<string, unknown>;
  /** The publisher's id for the event, for deduplication; generated when absent. */
  id?: string;
}

/** Up to ten events, published all or none; the lane also takes one event on its own. */
export interface PublishBody {
  events: PublishedEvent[];
}

/** What became of one published event: on the bus for each subscriber view, or not, and why. */
export type PublishResult = {
  readonly id: string;
  readonly type: string;
  /** The redaction views a copy was put on the bus for. */
  readonly deliveredViews: readonly string[];
} & ({ readonly status: 'published' } | { readonly status: 'failed'; readonly reasons: readonly string[] });

/** One result per event, in the order sent (202, or 502 when any could not be put on the bus). */
export interface PublishAnswer {
  readonly results: readonly PublishResult[];
}

export interface ProxyBody {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** `null` is the same as absent: many clients serialise an unset field so. */
  headers?: Record<string, string> | null;
  /** `null` is the same as absent: no body. */
  body?: string | null;
}

/** The upstream's answer, hop-by-hop headers and cookies removed, secrets scrubbed. */
export interface ProxyAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Text as is; anything else base64. */
  readonly body: string;
  readonly bodyEncoding: 'utf8' | 'base64';
}

/** The calling installation's config: plain values, and its secrets by name only. */
export interface SelfConfig<Values = Readonly<Record<string, unknown>>> {
  readonly values: Values;
  readonly secrets: readonly string[];
  readonly rev: number;
}

/** A fresh installation credential, exchanged for a valid one before it expires. */
export interface Credential {
  readonly credential: string;
  /** ISO 8601 instant. */
  readonly expiresAt: string;
}

/** The public keys that verify signed operator calls. */
export type OperatorKeys = JSONWebKeySet;

/** The API's OpenAPI 3.1 document: schemas/openapi.json, generated from the route table and this contract. */
export interface ApiDocument {
  readonly openapi: string;
  // Open: an OpenAPI document carries more than these (description, license, servers, tags…).
  readonly info: { readonly title: string; readonly version: string; readonly [field: string]: unknown };
  readonly paths: Readonly<Record<string, unknown>>;
  readonly components?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}
