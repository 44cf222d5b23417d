import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { served } from './clients';
import { INSTALLATION_RESOURCES } from './deploy-contract';

// IAM only serves the lifecycle functions, so its client lives here rather than in ./clients.
const iam = /* @__PURE__ */ served('IAM', () => new IAMClient({}));

export interface TaskRoleOptions {
  /** IAM path every plugin role lives under; the control plane may create and pass roles there only. */
  readonly path: string;
  /** The permissions boundary every plugin role carries: its queue, nothing beyond. */
  readonly permissionsBoundaryArn: string;
  /** The key the installation queues are encrypted with (messages are decrypted through SQS). */
  readonly queueKeyArn?: string;
}

/**
 * The IAM side of running an installation on ECS: its task role. Only the ECS runtime uses it, so
 * it is the runtime's own dependency rather than a port of core.
 */
export interface TaskRoles {
  /** Creates (or finds) the installation's role, allowed to consume this queue; answers its ARN. */
  ensure(installationId: string, queueUrl: string): Promise<string>;
  /** Deletes the role and its policy; missing ones count as removed. */
  remove(installationId: string): Promise<void>;
}

const POLICY_NAME = 'installation-queue';

/**
 * A queue URL as the queue's ARN. The account and name are the URL's last two path segments in
 * every form SQS hands out (`https://sqs.<region>.amazonaws.com/<account>/<name>`, the legacy
 * `https://<region>.queue.amazonaws.com/…`) and in LocalStack's path style
 * (`…/queue/<region>/<account>/<name>`), whose first segments are not an account. The partition
 * is the deployment's (`aws-us-gov` and `aws-cn` ARNs differ from `aws` ones), never assumed.
 */
export function queueArnOf(queueUrl: string, partition = 'aws'): string {
  const url = new URL(queueUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  const [account, name] = segments.slice(-2);
  const region =
    /^sqs\.([a-z0-9-]+)\./.exec(url.hostname)?.[1] ??
    /^([a-z0-9-]+)\.queue\./.exec(url.hostname)?.[1] ??
    (segments.length === 4 && segments[0] === 'queue' ? segments[1] : undefined) ??
    process.env.AWS_REGION ??
    'us-east-1';
  if (!account || !name || !/^\d{12}$/.test(account)) throw new Error(`Not a queue URL: ${queueUrl}`);
  return `arn:${partition}:sqs:${region}:${account}:${name}`;
}

/** The partition an ARN is in (`aws`, `aws-cn`, `aws-us-gov`). */
const partitionOf = (arn: string) => arn.split(':')[1] || 'aws';

/**
 * One IAM role per installation, for its ECS task: assumable by ECS tasks only, under the plugin
 * path, bounded by the plugin permissions boundary, allowed to consume its own queue and nothing
 * else. Created at enable, removed at uninstall; both idempotent, so a retried step converges.
 */
export function taskRoles(options: TaskRoleOptions): TaskRoles {
  return {
    async ensure(installationId: string, queueUrl: string): Promise<string> {
      let arn: string;
      try {
        const { Role } = await iam.send(
          new CreateRoleCommand({
            RoleName: installationId,
            Path: options.path,
            PermissionsBoundary: options.permissionsBoundaryArn,
            Description: `Vivified plugin task role of installation ${installationId}`,
            AssumeRolePolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'ecs-tasks.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                },
              ],
            }),
            Tags: [{ Key: INSTALLATION_RESOURCES.tags.installation, Value: installationId }],
          }),
        );
        arn = Role!.Arn!;
      } catch (error) {
        if (!(error instanceof EntityAlreadyExistsException)) throw error;
        arn = (await iam.send(new GetRoleCommand({ RoleName: installationId }))).Role!.Arn!;
      }
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: installationId,
          PolicyName: POLICY_NAME,
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: [
                  'sqs:ReceiveMessage',
                  'sqs:DeleteMessage',
                  'sqs:ChangeMessageVisibility',
                  'sqs:GetQueueAttributes',
                ],
                Resource: queueArnOf(queueUrl, partitionOf(options.permissionsBoundaryArn)),
              },
              ...(options.queueKeyArn
                ? [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: options.queueKeyArn }]
                : []),
            ],
          }),
        }),
      );
      return arn;
    },

    async remove(installationId: string): Promise<void> {
      for (const step of [
        () => iam.send(new DeleteRolePolicyCommand({ RoleName: installationId, PolicyName: POLICY_NAME })),
        () => iam.send(new DeleteRoleCommand({ RoleName: installationId })),
      ]) {
        try {
          await step();
        } catch (error) {
          if (!(error instanceof NoSuchEntityException)) throw error;
        }
      }
    },
  };
}
