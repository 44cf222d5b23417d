import { ecsRuntime } from '../../../adapters/aws/ecs-runtime';
import { taskRoles } from '../../../adapters/aws/task-roles';
import { list, required } from './settings';

/** Installations on ECS Fargate, each with its own task role under the plugin boundary. */
export const runtimeFromEnvironment = () =>
  ecsRuntime({
    cluster: required('VIVIFIED_CLUSTER'),
    subnets: list(process.env.VIVIFIED_SUBNETS),
    securityGroups: list(process.env.VIVIFIED_SECURITY_GROUPS),
    executionRoleArn: process.env.VIVIFIED_EXECUTION_ROLE_ARN,
    taskRoles: process.env.VIVIFIED_TASK_ROLE_BOUNDARY
      ? taskRoles({
          path: process.env.VIVIFIED_TASK_ROLE_PATH ?? '/vivified/plugins/',
          permissionsBoundaryArn: process.env.VIVIFIED_TASK_ROLE_BOUNDARY,
          queueKeyArn: process.env.VIVIFIED_KMS_KEY_ID,
        })
      : undefined,
    logGroup: process.env.VIVIFIED_PLUGIN_LOG_GROUP,
    credentialKmsKeyId: required('VIVIFIED_KMS_KEY_ID'),
  });
