import type { PluginManifest } from '../manifest/types';

/** The installation an operator call goes to, as the lane has already read it from the registry. */
export interface EndpointTarget {
  readonly installationId: string;
  readonly manifest: Pick<PluginManifest, 'runtime'>;
  /**
   * How long the call may wait for a target scaled to zero to wake and answer (its deadline);
   * past it the endpoints refuse with a retryable 503 instead. @default 0: no waiting
   */
  readonly wakeWithinMs?: number;
}

/**
 * Where the operator lane sends a call. Only where: whether the target may be called at all (its
 * state, tenant, what it exposes) is decided from the registry on every call, before this is asked.
 */
export interface PluginEndpoints {
  /** The target's base URL, or undefined when it has none (yet). */
  endpointOf(target: EndpointTarget): Promise<string | undefined>;
  /** The target could not be reached: whatever is remembered about it is stale. */
  forget(installationId: string): void;
}
