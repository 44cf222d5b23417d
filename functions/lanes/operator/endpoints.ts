import { pluginServiceName, serviceEndpoint } from '../../../adapters/aws/plugin-service-names';
import type { EndpointTarget, PluginEndpoints, PluginRuntime } from '../../../core/ports';

/**
 * Deployed: every installation answers on its Cloud Map name and its manifest's port, so the
 * endpoint follows from the registry record alone. Asking ECS instead would cost a DescribeServices
 * round trip (and the account's ECS request rate) on every call, and put the ECS client in the
 * lane's bundle. A target whose tasks are not registered yet does not resolve, which the forward
 * reports as a 502 like any unreachable target.
 */
export function cloudMapEndpoints(namespaceName: string): PluginEndpoints {
  return {
    endpointOf: async ({ installationId, manifest }) =>
      serviceEndpoint(namespaceName, pluginServiceName(installationId), manifest.runtime.port),
    forget: () => undefined,
  };
}

export interface EndpointCacheOptions {
  /** How long a known endpoint is reused before the runtime is asked again. @default 30 s */
  readonly ttlMs?: number;
  /** Installations remembered per container; the oldest is forgotten first. @default 1024 */
  readonly capacity?: number;
  readonly now?: () => number;
}

/**
 * Where a runtime says each target answers, remembered per installation for a short while: for
 * runtimes whose endpoints are not names, such as `vivified dev`'s local processes, each on a port
 * of its own. An installation without an endpoint is never remembered, so one that has just
 * started is found at once, and one that could not be reached is forgotten.
 */
export function endpointCache(
  runtime: Pick<PluginRuntime, 'status'>,
  options: EndpointCacheOptions = {},
): PluginEndpoints {
  const ttlMs = options.ttlMs ?? 30_000;
  const capacity = options.capacity ?? 1024;
  const now = options.now ?? Date.now;
  const known = new Map<string, { readonly endpoint: string; readonly until: number }>();

  async function endpointOf({ installationId }: EndpointTarget): Promise<string | undefined> {
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
    forget: (installationId) => {
      known.delete(installationId);
    },
  };
}
