import {
  ClusterNotFoundException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  type SecretsManagerClient,
  ResourceNotFoundException as SecretsResourceNotFound,
} from '@aws-sdk/client-secrets-manager';
import type { PluginRuntime, RuntimeStatus } from '../../core/installation/ports';
import { ecs as sharedEcs, secrets as sharedSecrets } from './clients';
import { INSTALLATION_RESOURCES } from './deploy-contract';
import { pluginServiceName as serviceName } from './plugin-service-names';
import type { ServiceRegistry } from './service-registry';
import type { TaskRoles } from './task-roles';

export interface EcsRuntimeOptions {
  readonly cluster: string;
  /** Isolated subnets the tasks run in (no internet route: egress only through the proxy lane). */
  readonly subnets: readonly string[];
  /** Security groups admitting traffic only from the operator lane. */
  readonly securityGroups: readonly string[];
  /** Role ECS uses to pull the image and write logs. */
  readonly executionRoleArn?: string;
  /**
   * Creates each installation's task role (its queue only, under the plugin boundary) at start and
   * deletes it at removal. @default tasks run without a task role
   */
  readonly taskRoles?: TaskRoles;
  /** CloudWatch log group for plugin output. */
  readonly logGroup?: string;
  readonly region?: string;
  /**
   * Gives each installation a Cloud Map service of its own at start, registers its ECS service
   * there, and deletes it at removal; the endpoint the operator lane and health checks use is
   * that service's DNS name with the manifest's port.
   * @default no registration: no endpoint, health relies on ECS task counts only
   */
  readonly serviceRegistry?: ServiceRegistry;
  /**
   * Reaches every installation at this URL instead (`{installationId}` substituted), for setups
   * where something other than its Cloud Map name answers for it, e.g. a test's local server.
   * @default the Cloud Map endpoint, when there is a `serviceRegistry`
   */
  readonly endpointPattern?: string;
  /** KMS key the per-installation credential secret is encrypted with. @default the account's aws/secretsmanager key */
  readonly credentialKmsKeyId?: string;
  /** @default the process's shared client (./clients.ts) */
  readonly ecs?: ECSClient;
  /** @default the process's shared client (./clients.ts) */
  readonly secrets?: SecretsManagerClient;
}

// The plugin's uid/gid inside the container: never root.
const PLUGIN_USER = '1000:1000';

const credentialSecret = INSTALLATION_RESOURCES.credentialSecretName;
const { tags: TAG } = INSTALLATION_RESOURCES;

/** A health probe that works in slim images: wget or curl against the manifest's health path. */
const healthCommand = (port: number, path: string) => [
  'CMD-SHELL',
  `wget -q -O /dev/null http://127.0.0.1:${port}${path} || curl -fsS -o /dev/null http://127.0.0.1:${port}${path} || exit 1`,
];

/** The one container of every plugin task definition. */
const CONTAINER = 'plugin';

const missing = (error: unknown) =>
  error instanceof ServiceNotFoundException ||
  error instanceof ServiceNotActiveException ||
  error instanceof ClusterNotFoundException;

/**
 * The runtime port on ECS Fargate: one service per installation, from a task definition derived
 * from the manifest (non-root user, read-only root filesystem, health check, the VIVIFIED_*
 * environment), tagged with tenant and plugin. Every call is safe to repeat.
 */
export function ecsRuntime(options: EcsRuntimeOptions): PluginRuntime {
  const ecs = options.ecs ?? sharedEcs;
  const secrets = options.secrets ?? sharedSecrets;
  const describe = async (name: string) => {
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: options.cluster, services: [name] }),
    );
    return services?.find((s) => s.status !== 'INACTIVE');
  };

  // Keyed by task-definition revision ARN: a revision never changes, so its port never goes stale.
  const ports = new Map<string, number>();
  async function portOf(taskDefinitionArn: string): Promise<number | undefined> {
    if (!ports.has(taskDefinitionArn)) {
      const { taskDefinition } = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
      );
      const container = taskDefinition?.containerDefinitions?.find((c) => c.name === CONTAINER);
      const port = container?.portMappings?.[0]?.containerPort;
      if (port === undefined) return undefined;
      ports.set(taskDefinitionArn, port);
    }
    return ports.get(taskDefinitionArn);
  }

  /**
   * Where the operator lane reaches a service: its Cloud Map name and the port of the revision it
   * runs. Only once the ECS service is registered there, since before that the name resolves to
   * nothing and health must rest on task counts.
   */
  async function endpointOf(installationId: string, service: Service): Promise<string | undefined> {
    if (options.endpointPattern) return options.endpointPattern.replace('{installationId}', installationId);
    if (!options.serviceRegistry || !service.serviceRegistries?.length || !service.taskDefinition) {
      return undefined;
    }
    const port = await portOf(service.taskDefinition);
    return port === undefined
      ? undefined
      : options.serviceRegistry.endpoint(serviceName(installationId), port);
  }

  /** Stores the credential where ECS injects it at task start; the task definition holds only the ARN. */
  async function storeCredential(installationId: string, token: string): Promise<string> {
    try {
      const created = await secrets.send(
        new CreateSecretCommand({
          Name: credentialSecret(installationId),
          SecretString: token,
          KmsKeyId: options.credentialKmsKeyId,
          Description: 'Vivified plugin credential (rotated by the plugin and the health schedule)',
        }),
      );
      return created.ARN!;
    } catch (error) {
      if (!(error instanceof ResourceExistsException)) throw error;
      const updated = await secrets.send(
        new PutSecretValueCommand({ SecretId: credentialSecret(installationId), SecretString: token }),
      );
      return updated.ARN!;
    }
  }

  return {
    async start(launch) {
      const { runtime } = launch;
      const credentialArn = await storeCredential(launch.installationId, launch.credential);
      const tags = [
        { key: TAG.tenant, value: launch.tenantId },
        { key: TAG.plugin, value: launch.pluginId },
        { key: TAG.installation, value: launch.installationId },
      ];
      const name = serviceName(launch.installationId);
      // Made before the ECS service, which must name it; an enable that fails later removes it.
      const registryArn = await options.serviceRegistry?.ensure(
        name,
        Object.fromEntries(tags.map(({ key, value }) => [key, value])),
      );
      const serviceRegistries = registryArn ? [{ registryArn }] : undefined;
      const taskRoleArn = await options.taskRoles?.ensure(
        launch.installationId,
        launch.environment.VIVIFIED_QUEUE_URL ?? '',
      );
      const { taskDefinition } = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: name,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: String(runtime.cpu),
          memory: String(runtime.memory),
          executionRoleArn: options.executionRoleArn,
          taskRoleArn,
          runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
          containerDefinitions: [
            {
              name: CONTAINER,
              image: runtime.image,
              essential: true,
              user: PLUGIN_USER,
              readonlyRootFilesystem: true,
              privileged: false,
              portMappings: [{ containerPort: runtime.port, protocol: 'tcp' }],
              environment: Object.entries(launch.environment).map(([name, value]) => ({ name, value })),
              secrets: [{ name: 'VIVIFIED_CREDENTIAL', valueFrom: credentialArn }],
              healthCheck: {
                command: healthCommand(runtime.port, runtime.health_path),
                interval: 30,
                timeout: 5,
                retries: 3,
                startPeriod: 30,
              },
              linuxParameters: { capabilities: { drop: ['ALL'] }, initProcessEnabled: true },
              ...(options.logGroup
                ? {
                    logConfiguration: {
                      logDriver: 'awslogs',
                      options: {
                        'awslogs-group': options.logGroup,
                        'awslogs-region': options.region ?? process.env.AWS_REGION ?? 'us-east-1',
                        'awslogs-stream-prefix': launch.installationId,
                      },
                    },
                  }
                : {}),
            },
          ],
          tags,
        }),
      );
      const arn = taskDefinition!.taskDefinitionArn!;
      const existing = await describe(name);
      if (existing) {
        await ecs.send(
          new UpdateServiceCommand({
            cluster: options.cluster,
            service: name,
            taskDefinition: arn,
            desiredCount: 1,
            // Sent on every update, so a service made before it had a registry (or whose Cloud Map
            // service was made anew) is registered now. ECS once accepted registries only at
            // CreateService; it now takes them here and rolls new tasks in before stopping the
            // old, which this update does anyway for the new revision. Recreating the service
            // instead would stop the running copy first.
            ...(serviceRegistries ? { serviceRegistries } : {}),
          }),
        );
        return { handle: existing.serviceArn!, taskDefinition: arn };
      }
      const { service } = await ecs.send(
        new CreateServiceCommand({
          cluster: options.cluster,
          serviceName: name,
          taskDefinition: arn,
          desiredCount: 1,
          launchType: 'FARGATE',
          // Same token on retry: ECS answers with the service it already made instead of a second one.
          clientToken: launch.installationId,
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [...options.subnets],
              securityGroups: [...options.securityGroups],
              assignPublicIp: 'DISABLED',
            },
          },
          ...(serviceRegistries ? { serviceRegistries } : {}),
          enableExecuteCommand: false,
          propagateTags: 'SERVICE',
          tags,
        }),
      );
      return { handle: service!.serviceArn!, taskDefinition: arn };
    },

    async stop(installationId) {
      try {
        await ecs.send(
          new UpdateServiceCommand({
            cluster: options.cluster,
            service: serviceName(installationId),
            desiredCount: 0,
          }),
        );
      } catch (error) {
        if (!missing(error)) throw error;
      }
    },

    async wake(installationId) {
      // The service keeps its task definition while asleep; one copy again is all waking takes.
      try {
        await ecs.send(
          new UpdateServiceCommand({
            cluster: options.cluster,
            service: serviceName(installationId),
            desiredCount: 1,
          }),
        );
      } catch (error) {
        if (!missing(error)) throw error;
      }
    },

    async remove(installationId) {
      try {
        await ecs.send(
          new DeleteServiceCommand({
            cluster: options.cluster,
            service: serviceName(installationId),
            force: true,
          }),
        );
      } catch (error) {
        if (!missing(error)) throw error;
      }
      try {
        await secrets.send(
          new DeleteSecretCommand({
            SecretId: credentialSecret(installationId),
            ForceDeleteWithoutRecovery: true,
          }),
        );
      } catch (error) {
        if (!(error instanceof SecretsResourceNotFound)) throw error;
      }
      await options.taskRoles?.remove(installationId);
      // Every revision registered for this installation, so no definition outlives it.
      const { taskDefinitionArns } = await ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix: serviceName(installationId), status: 'ACTIVE' }),
      );
      for (const taskDefinition of taskDefinitionArns ?? []) {
        await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition }));
      }
      // Last, after the ECS service is gone: Cloud Map keeps the service until ECS has
      // deregistered the stopping tasks, and everything above gives it that time.
      await options.serviceRegistry?.remove(serviceName(installationId));
    },

    async rotateCredential(installationId, credential) {
      try {
        await secrets.send(
          new PutSecretValueCommand({ SecretId: credentialSecret(installationId), SecretString: credential }),
        );
      } catch (error) {
        if (!(error instanceof SecretsResourceNotFound)) throw error;
      }
    },

    async status(installationId): Promise<RuntimeStatus> {
      try {
        const service = await describe(serviceName(installationId));
        if (!service) return { exists: false, desired: 0, running: 0 };
        const endpoint = await endpointOf(installationId, service);
        return {
          exists: true,
          desired: service.desiredCount ?? 0,
          running: service.runningCount ?? 0,
          ...(endpoint ? { endpoint } : {}),
        };
      } catch (error) {
        if (missing(error)) return { exists: false, desired: 0, running: 0 };
        throw error;
      }
    },
  };
}
