/*
 * What each route reads from its query string, and the status it answers on success: the wire
 * contract's other two halves beside Requests and Responses (index.ts). The handlers are typed by
 * them (functions/shared/http.ts), so a handler cannot read a query parameter no client was told
 * of, and the OpenAPI document (schemas/openapi.json) is generated from them.
 */

/** A page of a list: at most `limit` items, continuing after `cursor`. */
export interface Paging {
  // As `pageSize` reads it (adapters/aws/registry/cursor.ts): leading zeros allowed, 0 and 101+ not.
  /**
   * Items per page (1–100).
   * @pattern ^(0{0,2}[1-9]|0?[1-9][0-9]|100)$
   */
  readonly limit?: string;
  /** The `cursor` of the previous page, as it was answered. */
  readonly cursor?: string;
}

/** A route that reads no query parameter (a handler reading one does not compile). */
export type NoQuery = Readonly<Record<never, never>>;

export interface CatalogQuery extends Paging {
  /** Only plugins fulfilling this contract, e.g. `CommunicationPlugin`. */
  readonly contract?: string;
  /** Only plugins of this category, e.g. `communication`. */
  readonly category?: string;
  /** Only plugins with this trait, e.g. `handles_phi`. */
  readonly trait?: string;
  /** Words to find in a plugin's id, name or description. */
  readonly q?: string;
}

export interface PluginVersionQuery {
  /** The version to read; the latest when left out. */
  readonly version?: string;
}

export interface AuditQuery extends Paging {
  /** Records at or after this time (ISO 8601). */
  readonly from?: string;
  /** Records at or before this time (ISO 8601). */
  readonly to?: string;
  /** Only records by this actor (a user's subject or an installation id). */
  readonly actor?: string;
  /**
   * Only records of this action, e.g. `installation.enable`; ending in `*`, of every action
   * starting with what precedes it, e.g. `installation.*`.
   */
  readonly action?: string;
  /** Only allowed or only denied decisions. */
  readonly decision?: 'allow' | 'deny';
  /** Only the records of one request, by its trace id. */
  readonly trace?: string;
  /** `newest` (the default) answers the newest records first; `oldest` in chain order. */
  readonly order?: 'newest' | 'oldest';
}

export interface AuditVerifyQuery {
  /**
   * `true` verifies every record from the genesis and every checkpoint (cost grows with the
   * chain); otherwise only the records after the newest checkpoint the archive vouches for.
   */
  readonly full?: 'true' | 'false';
}

export interface MetricsQuery {
  /** `hour` (the default): 60 one-minute buckets; `day`: 96 fifteen-minute buckets. */
  readonly window?: 'hour' | 'day';
}
