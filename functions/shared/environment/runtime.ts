import { ecsRuntime } from '../../../adapters/aws/ecs-runtime';
import { cloudMapRegistry } from '../../../adapters/aws/service-registry';
import { invokedTaskRoles } from '../../../adapters/aws/task-roles-invoked';
import { list, required } from './settings';

/**
 * Installations on ECS Fargate, each with its own task role under the plugin boundary and its own
 * Cloud Map service, whose name is how the operator lane and the health round reach it.
 */
export const runtimeFromEnvironment = () =>
  ecsRuntime({
    cluster: required('VIVIFIED_CLUSTER'),
    subnets: list(process.env.VIVIFIED_SUBNETS),
    securityGroups: list(process.env.VIVIFIED_SECURITY_GROUPS),
    executionRoleArn: process.env.VIVIFIED_EXECUTION_ROLE_ARN,
    // The task-role function manages the roles (IAM is not reachable from the plugin VPC), so the
    // lifecycle functions carry no IAM client; without it (no task roles) tasks run with none.
    taskRoles: process.env.VIVIFIED_TASK_ROLE_FUNCTION
      ? invokedTaskRoles(process.env.VIVIFIED_TASK_ROLE_FUNCTION)
      : undefined,
    serviceRegistry: process.env.VIVIFIED_SERVICE_NAMESPACE_ID
      ? cloudMapRegistry({
          namespaceId: process.env.VIVIFIED_SERVICE_NAMESPACE_ID,
          namespaceName: required('VIVIFIED_SERVICE_NAMESPACE_NAME'),
        })
      : undefined,
    logGroup: process.env.VIVIFIED_PLUGIN_LOG_GROUP,
    credentialKmsKeyId: required('VIVIFIED_KMS_KEY_ID'),
  });
