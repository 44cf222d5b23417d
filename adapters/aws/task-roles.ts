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

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or an emulator's URL) as a queue ARN. */
export function queueArnOf(queueUrl: string, partition = 'aws'): string {
  const url = new URL(queueUrl);
  const [account, name] = url.pathname.split('/').filter(Boolean);
  const region = /^sqs\.([a-z0-9-]+)\./.exec(url.hostname)?.[1] ?? process.env.AWS_REGION ?? 'us-east-1';
  if (!account || !name) throw new Error(`Not a queue URL: ${queueUrl}`);
  return `arn:${partition}:sqs:${region}:${account}:${name}`;
}

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
                Resource: queueArnOf(queueUrl),
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
