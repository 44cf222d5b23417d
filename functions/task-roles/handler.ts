import { taskRoles } from '../../adapters/aws/task-roles';
import { requiredSetting, setting } from '../shared/environment/setting';
import { parseTaskRoleRequest } from './request';

const roles = taskRoles({
  path: requiredSetting('taskRolePath'),
  permissionsBoundaryArn: requiredSetting('taskRoleBoundary'),
  queueKeyArn: setting('platformKey'),
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
