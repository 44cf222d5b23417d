import {
  ClusterNotFoundException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException as SecretsResourceNotFound,
} from '@aws-sdk/client-secrets-manager';
import type { PluginRuntime, RuntimeStatus } from '../../core/installation/ports';
import { ecs, secrets } from './clients';
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
  /** Cloud Map namespace id, to register each service for the operator lane. */
  readonly serviceDiscoveryRegistryArn?: string;
  /**
   * How the operator lane and health checks reach an installation, with `{installationId}`
   * substituted, e.g. `http://vivified-{installationId}.plugins.internal:8080` (Cloud Map).
   * @default none: health relies on ECS task counts only
   */
  readonly endpointPattern?: string;
  /** KMS key the per-installation credential secret is encrypted with. @default the account's aws/secretsmanager key */
  readonly credentialKmsKeyId?: string;
}

// The plugin's uid/gid inside the container: never root.
const PLUGIN_USER = '1000:1000';

// Service and task-definition family share one name derived from the installation id.
const serviceName = (installationId: string) => `vivified-${installationId}`;
const credentialSecret = (installationId: string) => `vivified/installations/${installationId}/credential`;

/** A health probe that works in slim images: wget or curl against the manifest's health path. */
const healthCommand = (port: number, path: string) => [
  'CMD-SHELL',
  `wget -q -O /dev/null http://127.0.0.1:${port}${path} || curl -fsS -o /dev/null http://127.0.0.1:${port}${path} || exit 1`,
];

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
  const describe = async (name: string) => {
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: options.cluster, services: [name] }),
    );
    return services?.find((s) => s.status !== 'INACTIVE');
  };

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
        { key: 'vivified:tenant', value: launch.tenantId },
        { key: 'vivified:plugin', value: launch.pluginId },
        { key: 'vivified:installation', value: launch.installationId },
      ];
      const taskRoleArn = await options.taskRoles?.ensure(
        launch.installationId,
        launch.environment.VIVIFIED_QUEUE_URL ?? '',
      );
      const { taskDefinition } = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: serviceName(launch.installationId),
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: String(runtime.cpu),
          memory: String(runtime.memory),
          executionRoleArn: options.executionRoleArn,
          taskRoleArn,
          runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
          containerDefinitions: [
            {
              name: 'plugin',
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
      const name = serviceName(launch.installationId);
      const existing = await describe(name);
      if (existing) {
        await ecs.send(
          new UpdateServiceCommand({
            cluster: options.cluster,
            service: name,
            taskDefinition: arn,
            desiredCount: 1,
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
          ...(options.serviceDiscoveryRegistryArn
            ? { serviceRegistries: [{ registryArn: options.serviceDiscoveryRegistryArn }] }
            : {}),
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
        return {
          exists: true,
          desired: service.desiredCount ?? 0,
          running: service.runningCount ?? 0,
          ...(options.endpointPattern
            ? { endpoint: options.endpointPattern.replace('{installationId}', installationId) }
            : {}),
        };
      } catch (error) {
        if (missing(error)) return { exists: false, desired: 0, running: 0 };
        throw error;
      }
    },
  };
}
