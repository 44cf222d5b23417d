import { ecsRuntime } from '../../../../adapters/aws/ecs-runtime';
import { cloudMapRegistry } from '../../../../adapters/aws/service-registry';
import { invokedTaskRoles } from '../../../../adapters/aws/task-roles-invoked';
import type { PlatformConfig } from '../config';

type RuntimeConfig = Pick<
  PlatformConfig,
  | 'cluster'
  | 'pluginSubnets'
  | 'pluginSecurityGroups'
  | 'executionRole'
  | 'taskRoleFunction'
  | 'serviceNamespaceId'
  | 'serviceNamespaceName'
  | 'pluginLogGroup'
  | 'platformKey'
  | 'endpointPattern'
  | 'clients'
>;

/**
 * Installations on ECS Fargate, each with its own task role under the plugin boundary and its own
 * Cloud Map service, whose name is how the operator lane and the health round reach it.
 */
export const awsRuntime = (config: RuntimeConfig) => {
  const { taskRoleFunction, serviceNamespaceId } = config;
  return ecsRuntime({
    cluster: config.cluster,
    subnets: config.pluginSubnets,
    securityGroups: config.pluginSecurityGroups,
    executionRoleArn: config.executionRole,
    // The task-role function manages the roles (IAM is not reachable from the plugin VPC), so the
    // lifecycle functions carry no IAM client; without it (no task roles) tasks run with none.
    taskRoles: taskRoleFunction ? invokedTaskRoles(taskRoleFunction) : undefined,
    serviceRegistry: serviceNamespaceId
      ? cloudMapRegistry({
          namespaceId: serviceNamespaceId,
          namespaceName: required(config.serviceNamespaceName),
        })
      : undefined,
    logGroup: config.pluginLogGroup,
    endpointPattern: config.endpointPattern,
    credentialKmsKeyId: config.platformKey,
    ecs: config.clients?.ecs,
    secrets: config.clients?.secrets,
  });
};

const required = (namespaceName: string | undefined) => {
  if (!namespaceName) throw new Error('A service namespace id needs its name.');
  return namespaceName;
};
