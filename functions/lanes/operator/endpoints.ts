import type { PluginRuntime } from '../../../core/installation/ports';

export interface EndpointCacheOptions {
  /** How long a known endpoint is reused before the runtime is asked again. @default 30 s */
  readonly ttlMs?: number;
  /** Installations remembered per container; the oldest is forgotten first. @default 1024 */
  readonly capacity?: number;
  readonly now?: () => number;
}

/**
 * Where the operator lane reaches a target, remembered per installation for a short while. Asking
 * the runtime is an ECS DescribeServices call, which on every operator call would add a round trip
 * and spend the account's ECS request rate on traffic. The endpoint is the installation's Cloud Map
 * name, stable for its lifetime (and a local process keeps its port), and only where to send: whether the target may be called (its
 * state, tenant, what it exposes) is still decided from the registry on every call. An installation
 * without an endpoint is never remembered, so one that has just started is found at once, and one
 * that could not be reached is forgotten.
 */
export function endpointCache(runtime: Pick<PluginRuntime, 'status'>, options: EndpointCacheOptions = {}) {
  const ttlMs = options.ttlMs ?? 30_000;
  const capacity = options.capacity ?? 1024;
  const now = options.now ?? Date.now;
  const known = new Map<string, { readonly endpoint: string; readonly until: number }>();

  async function endpointOf(installationId: string): Promise<string | undefined> {
    const at = now();
    const cached = known.get(installationId);
    if (cached && cached.until > at) return cached.endpoint;
    known.delete(installationId);
    const { endpoint } = await runtime.status(installationId);
    if (endpoint) {
      if (known.size >= capacity) known.delete(known.keys().next().value!);
      known.set(installationId, { endpoint, until: at + ttlMs });
    }
    return endpoint;
  }

  return {
    endpointOf,
    /** Drops what is known of a target that could not be reached, so the next call asks afresh. */
    forget: (installationId: string) => known.delete(installationId),
  };
}
