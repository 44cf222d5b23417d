import type { Decision } from './decision';

/*
 * The matrix's shape (./matrix.ts builds it): types only, so the console and the wire contract
 * read them without loading what builds them.
 */

/** One subscriber of an event the principal publishes, and what is removed from its copy. */
export interface SubscriberCopy {
  readonly pluginId: string;
  readonly decision: Decision;
}

export interface PublishEntry {
  readonly eventType: string;
  readonly decision: Decision;
  /** The tenant's installations subscribed to the type, each decided as a receiver. */
  readonly subscribers: readonly SubscriberCopy[];
}

export interface ReceiveEntry {
  readonly eventType: string;
  /** Allowed with `obligations.redactFields` when the principal is not cleared for every field. */
  readonly decision: Decision;
}

export interface CallEntry {
  /** The caller, for operations the principal is called with; the target, for those it calls. */
  readonly pluginId: string;
  readonly operation: string;
  /** Absent when the target is not installed in the tenant: the lane refuses before asking `decide`. */
  readonly decision?: Decision;
}

export interface EgressEntry {
  /** An `allowed_domains` entry: requests may go to any path on it. */
  readonly host: string;
  readonly decision: Decision;
  /** The secret settings that may be sent to it (their names, never values). */
  readonly secrets: readonly string[];
}

export interface ConfigEntry {
  readonly setting: string;
  /** A secret is readable only by name; its value reaches only its bound hosts, through the proxy lane. */
  readonly secret: boolean;
}

export interface PluginMatrix {
  readonly kind: 'plugin';
  readonly publishes: readonly PublishEntry[];
  readonly receives: readonly ReceiveEntry[];
  readonly calls: readonly CallEntry[];
  readonly calledWith: readonly CallEntry[];
  readonly egress: readonly EgressEntry[];
  readonly config: readonly ConfigEntry[];
}

export interface RoleMatrix {
  readonly kind: 'role';
  // A string, not AdminAction: the wire's schema generator cannot read the spread that lists them.
  readonly actions: ReadonlyArray<{ readonly action: string; readonly decision: Decision }>;
}

export type PolicyMatrix = PluginMatrix | RoleMatrix;
