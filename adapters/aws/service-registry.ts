import { randomUUID } from 'node:crypto';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  paginateListServices,
  ResourceInUse,
  ServiceAlreadyExists,
  ServiceDiscoveryClient,
  ServiceNotFound,
} from '@aws-sdk/client-servicediscovery';
import { DependencyUnavailableError } from '../../core/errors';
import { served } from './clients';
import { serviceEndpoint } from './plugin-service-names';

/**
 * Cloud Map's API, once per process and with the outage handling of ./clients (an unreachable
 * Cloud Map is a 503 to retry, not a failed step). Only the functions that run installations use
 * it, so it lives here; made by a pure call so no other bundle carries it.
 */
export const serviceDiscovery = /* @__PURE__ */ served('Cloud Map', () => new ServiceDiscoveryClient({}));

/**
 * Where the operator lane finds an installation's tasks: one Cloud Map service per installation,
 * whose DNS name resolves to the addresses of its running tasks. ECS registers and deregisters
 * the tasks (its service-linked role does); this port only makes and deletes the services.
 */
export interface ServiceRegistry {
  /** The Cloud Map service's ARN for ECS's `serviceRegistries`, creating the service if it is missing. */
  ensure(name: string, tags: Readonly<Record<string, string>>): Promise<string>;
  /** Deletes the service; a missing one counts as removed. */
  remove(name: string): Promise<void>;
  /** The URL a registered service answers on inside the VPC. */
  endpoint(name: string, port: number): string;
}

export interface CloudMapRegistryOptions {
  /** The platform's private DNS namespace (`ns-…`). */
  readonly namespaceId: string;
  /** Its DNS name, e.g. `plugins.vivified.internal`: the suffix of every endpoint. */
  readonly namespaceName: string;
  /**
   * How long `remove` waits for ECS to deregister the tasks of a service it is deleting before
   * answering "retry later". @default 15 s
   */
  readonly drainTimeoutMs?: number;
}

// Short, so a replaced or stopped task drops out of resolvers' answers within seconds.
const RECORD_TTL_SECONDS = 10;
const DRAIN_POLL_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Cloud Map implementation: A records with multivalue answers, health reported by ECS. */
export function cloudMapRegistry(options: CloudMapRegistryOptions): ServiceRegistry {
  const drainTimeoutMs = options.drainTimeoutMs ?? 15_000;

  async function find(name: string): Promise<{ readonly id: string; readonly arn: string } | undefined> {
    // Cloud Map has no lookup by name; the namespace filter keeps the listing to the platform's own.
    const pages = paginateListServices(
      { client: serviceDiscovery },
      { Filters: [{ Name: 'NAMESPACE_ID', Values: [options.namespaceId], Condition: 'EQ' }] },
    );
    for await (const page of pages) {
      const service = page.Services?.find((s) => s.Name === name);
      if (service) return { id: service.Id!, arn: service.Arn! };
    }
    return undefined;
  }

  return {
    async ensure(name, tags) {
      const existing = await find(name);
      if (existing) return existing.arn;
      try {
        const { Service } = await serviceDiscovery.send(
          new CreateServiceCommand({
            Name: name,
            NamespaceId: options.namespaceId,
            // One id per attempt: the SDK's own retries resend it, so a create that succeeded but
            // whose answer was lost is not made twice; a later attempt finds the service by name.
            CreatorRequestId: randomUUID(),
            Description: 'Vivified installation: the operator lane reaches its tasks here',
            DnsConfig: {
              RoutingPolicy: 'MULTIVALUE',
              DnsRecords: [{ Type: 'A', TTL: RECORD_TTL_SECONDS }],
            },
            // ECS reports each task's container health check here, so DNS answers only healthy tasks.
            HealthCheckCustomConfig: { FailureThreshold: 1 },
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
        return Service!.Arn!;
      } catch (error) {
        // A concurrent start made it between the lookup and the create: use that one.
        if (!(error instanceof ServiceAlreadyExists)) throw error;
        const raced = error.ServiceArn ?? (await find(name))?.arn;
        if (!raced) throw error;
        return raced;
      }
    },

    async remove(name) {
      const service = await find(name);
      if (!service) return;
      // ECS deregisters the tasks of a deleted service as they stop, which takes seconds; Cloud
      // Map refuses to delete a service until then. Wait that out, but not past a request's time.
      const deadline = Date.now() + drainTimeoutMs;
      for (;;) {
        try {
          await serviceDiscovery.send(new DeleteServiceCommand({ Id: service.id }));
          return;
        } catch (error) {
          if (error instanceof ServiceNotFound) return;
          if (!(error instanceof ResourceInUse)) throw error;
          if (Date.now() + DRAIN_POLL_MS > deadline) {
            throw Object.assign(
              new DependencyUnavailableError(
                `Cloud Map still lists the stopping tasks of ${name}; retry in ${Math.ceil(drainTimeoutMs / 1000)} s.`,
                Math.ceil(drainTimeoutMs / 1000),
              ),
              { cause: error },
            );
          }
          await pause(DRAIN_POLL_MS);
        }
      }
    },

    endpoint(name, port) {
      return serviceEndpoint(options.namespaceName, name, port);
    },
  };
}
