import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { served } from './clients';
import type { TaskRoles } from './task-roles';

const lambda = /* @__PURE__ */ served('Lambda', () => new LambdaClient({}));

/**
 * Task roles managed by the task-role function instead of by IAM calls made here: what the
 * lifecycle functions use deployed, since from the plugin VPC's isolated subnets IAM cannot be
 * reached and Lambda can (through its interface endpoint). Same contract as `taskRoles`.
 */
export function invokedTaskRoles(functionName: string): TaskRoles {
  const invoke = async (payload: Record<string, string>): Promise<{ roleArn?: string }> => {
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    const body = answer.Payload ? new TextDecoder().decode(answer.Payload) : '{}';
    if (answer.FunctionError) {
      const { errorMessage } = JSON.parse(body) as { errorMessage?: string };
      throw new Error(`The task-role function failed: ${errorMessage ?? answer.FunctionError}`);
    }
    return JSON.parse(body) as { roleArn?: string };
  };
  return {
    async ensure(installationId, queueUrl) {
      const { roleArn } = await invoke({ action: 'ensure', installationId, queueUrl });
      if (!roleArn) throw new Error(`The task-role function returned no role for ${installationId}.`);
      return roleArn;
    },
    async remove(installationId) {
      await invoke({ action: 'remove', installationId });
    },
  };
}
