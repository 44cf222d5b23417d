import { INSTALLATION_RESOURCES } from '../../adapters/aws/deploy-contract';
import { queueArnOf } from '../../adapters/aws/task-roles';

/** What the lifecycle functions ask of the task-role function. */
export type TaskRoleRequest =
  | { readonly action: 'ensure'; readonly installationId: string; readonly queueUrl: string }
  | { readonly action: 'remove'; readonly installationId: string };

/** An installation id as the platform makes them (a UUID): also a valid IAM role name. */
const INSTALLATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks a request before the function holding IAM write permissions acts on it. The policy a role
 * gets is built here from the installation id alone, never taken from the caller: the queue must
 * be that installation's own (`vivified-<installationId>`), so a caller that is not the platform's
 * lifecycle code cannot point a plugin's role at another installation's queue.
 */
export function parseTaskRoleRequest(input: unknown): TaskRoleRequest {
  const request = (input ?? {}) as Record<string, unknown>;
  const { action, installationId, queueUrl } = request;
  if (typeof installationId !== 'string' || !INSTALLATION_ID.test(installationId)) {
    throw new TypeError('installationId must be an installation id (a UUID).');
  }
  if (action === 'remove') return { action, installationId };
  if (action !== 'ensure') throw new TypeError('action must be "ensure" or "remove".');
  if (typeof queueUrl !== 'string') throw new TypeError('queueUrl must be the installation’s queue URL.');
  const queueName = queueArnOf(queueUrl).split(':').pop();
  if (queueName !== INSTALLATION_RESOURCES.queueName(installationId)) {
    throw new TypeError(`queueUrl must name the queue of installation ${installationId}.`);
  }
  return { action, installationId, queueUrl };
}
