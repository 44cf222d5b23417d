import type { PluginRuntime, RuntimeLaunch, RuntimeStatus, RuntimeWaker } from '../../core/ports';

export interface MemoryRuntimeOptions {
  /**
   * Where a started installation answers. @default none: installations have no endpoint
   */
  readonly endpointOf?: (installationId: string) => string;
}

interface Service {
  readonly launch: RuntimeLaunch;
  desired: number;
  credential: string;
  readonly revision: number;
}

/**
 * The runtime in memory: a service per installation whose copies run the moment they are wanted.
 * Every method is idempotent, as the ECS and process runtimes' are: starting again updates the
 * service, stopping or removing a missing one does nothing.
 */
export function memoryRuntime(options: MemoryRuntimeOptions = {}): PluginRuntime &
  RuntimeWaker & {
    /** The launch and current credential of an installation's service, if it has one. */
    service(
      installationId: string,
    ): { readonly launch: RuntimeLaunch; readonly credential: string } | undefined;
  } {
  const services = new Map<string, Service>();
  return {
    async start(launch) {
      const revision = (services.get(launch.installationId)?.revision ?? 0) + 1;
      services.set(launch.installationId, { launch, desired: 1, credential: launch.credential, revision });
      return {
        handle: `memory:service/vivified-${launch.installationId}`,
        taskDefinition: `memory:task-definition/vivified-${launch.installationId}:${revision}`,
      };
    },
    async stop(installationId) {
      const service = services.get(installationId);
      if (service) service.desired = 0;
    },
    async wake(installationId) {
      const service = services.get(installationId);
      if (service) service.desired = 1;
    },
    async remove(installationId) {
      services.delete(installationId);
    },
    async status(installationId): Promise<RuntimeStatus> {
      const service = services.get(installationId);
      if (!service) return { exists: false, desired: 0, running: 0 };
      const endpoint = service.desired > 0 ? options.endpointOf?.(installationId) : undefined;
      return {
        exists: true,
        desired: service.desired,
        running: service.desired,
        ...(endpoint ? { endpoint } : {}),
      };
    },
    async rotateCredential(installationId, credential) {
      const service = services.get(installationId);
      if (service) service.credential = credential;
    },
    service(installationId) {
      const service = services.get(installationId);
      return service && { launch: service.launch, credential: service.credential };
    },
  };
}
