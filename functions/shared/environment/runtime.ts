import { ecsRuntime } from '../../../adapters/aws/ecs-runtime';
import { cloudMapRegistry } from '../../../adapters/aws/service-registry';
import { invokedTaskRoles } from '../../../adapters/aws/task-roles-invoked';
import { requiredSetting, setting } from './setting';
import { list } from './settings';

/**
 * Installations on ECS Fargate, each with its own task role under the plugin boundary and its own
 * Cloud Map service, whose name is how the operator lane and the health round reach it.
 */
export const runtimeFromEnvironment = () => {
  const taskRoleFunction = setting('taskRoleFunction');
  const namespaceId = setting('serviceNamespaceId');
  return ecsRuntime({
    cluster: requiredSetting('cluster'),
    subnets: list(setting('pluginSubnets')),
    securityGroups: list(setting('pluginSecurityGroups')),
    executionRoleArn: setting('executionRole'),
    // The task-role function manages the roles (IAM is not reachable from the plugin VPC), so the
    // lifecycle functions carry no IAM client; without it (no task roles) tasks run with none.
    taskRoles: taskRoleFunction ? invokedTaskRoles(taskRoleFunction) : undefined,
    serviceRegistry: namespaceId
      ? cloudMapRegistry({
          namespaceId,
          namespaceName: requiredSetting('serviceNamespaceName'),
        })
      : undefined,
    logGroup: setting('pluginLogGroup'),
    credentialKmsKeyId: requiredSetting('platformKey'),
  });
};
