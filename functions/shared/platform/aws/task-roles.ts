import { taskRoles } from '../../../../adapters/aws/task-roles';
import type { PlatformConfig } from '../config';

/** The per-installation task roles, by IAM calls: the task-role function alone (outside the VPC). */
export const awsTaskRoles = (
  config: Pick<PlatformConfig, 'taskRolePath' | 'taskRoleBoundary' | 'platformKey'>,
) =>
  taskRoles({
    path: config.taskRolePath,
    permissionsBoundaryArn: config.taskRoleBoundary,
    queueKeyArn: config.platformKey,
  });
