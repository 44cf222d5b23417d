import { awsTaskRoles } from '../shared/platform/aws/task-roles';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { parseTaskRoleRequest } from './request';

const { taskRoles: roles } = composePlatform(configFromEnvironment('task-roles'), {
  taskRoles: awsTaskRoles,
});

/**
 * Lambda entry of the task-role function: creates and removes the per-installation task roles for
 * the lifecycle functions. It runs outside the plugin VPC because IAM's API has no endpoint there
 * (IAM's PrivateLink endpoint exists in us-east-1 only), and it is the one function allowed to
 * write IAM, invoked only by the installations and health functions.
 */
export const handler = async (event: unknown): Promise<{ roleArn?: string }> => {
  const request = parseTaskRoleRequest(event);
  if (request.action === 'remove') {
    await roles.remove(request.installationId);
    return {};
  }
  return { roleArn: await roles.ensure(request.installationId, request.queueUrl) };
};
