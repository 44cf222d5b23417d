import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionName, stepFunctionsRolloutDriver } from '../../../adapters/aws/rollout-executions';
import { startRollout } from '../../../core/rollout';

// Step Functions as the SDK speaks to it (JSON 1.0 over HTTP), answered by a loopback server: the
// emulators here have no Step Functions, and what matters is what the driver sends and how it
// takes the service's answers.
describe('the Step Functions rollout driver', () => {
  let server: Server;
  let client: SFNClient;
  const received: { target: string; body: Record<string, unknown> }[] = [];
  let answer: { status: number; body: Record<string, unknown> } = { status: 200, body: {} };
  const arn = 'arn:aws:states:us-east-1:111122223333:stateMachine:Vivified-rollouts';
  const rollout = startRollout(
    {
      pluginId: 'notifier',
      version: '2.0.0',
      targets: { kind: 'tenants', tenantIds: ['a'] },
      waves: [{ size: 1, soakSeconds: 60 }],
      gates: { maxUnhealthy: 0, maxDeadLetters: 0, errorRateMargin: 0 },
    },
    [{ tenantId: 'a', version: '1.0.0' }],
    undefined,
    'ops',
    new Date('2026-12-04T10:00:00.000Z'),
  );

  const read = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    return JSON.parse(text) as Record<string, unknown>;
  };

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      received.push({ target: String(request.headers['x-amz-target']), body: await read(request) });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SFNClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('starts one execution per rollout revision, with the first step as its input', async () => {
    answer = { status: 200, body: { executionArn: `${arn}:x`, startDate: 1 } };
    await stepFunctionsRolloutDriver(client, arn).drive(rollout);
    expect(received.at(-1)).toEqual({
      target: 'AWSStepFunctions.StartExecution',
      body: {
        stateMachineArn: arn,
        name: `notifier-${Date.parse(rollout.startedAt)}-${rollout.rev}`,
        input: JSON.stringify({ pluginId: 'notifier', steps: 0 }),
      },
    });
    // A resume is written at a later revision: a run of its own, never the name of an earlier one.
    expect(executionName({ ...rollout, rev: rollout.rev + 1 })).not.toBe(executionName(rollout));
    expect(executionName(rollout)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('takes a run of the same revision that already ran as driven, and any other refusal as a failure', async () => {
    answer = { status: 400, body: { __type: 'ExecutionAlreadyExists', message: 'exists' } };
    await expect(stepFunctionsRolloutDriver(client, arn).drive(rollout)).resolves.toBeUndefined();
    answer = { status: 400, body: { __type: 'StateMachineDoesNotExist', message: 'gone' } };
    await expect(stepFunctionsRolloutDriver(client, arn).drive(rollout)).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });
});
