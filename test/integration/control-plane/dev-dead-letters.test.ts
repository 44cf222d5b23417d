import { randomUUID } from 'node:crypto';
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { eventBridge, kms, sqs } from '../../../adapters/aws/clients';
import { eventBridgeSubscriptions } from '../../../adapters/aws/subscriptions';
import { memoryLaneMetrics } from '../../../adapters/memory/lane-metrics';
import { uniqueName } from '../../support/unique';

// `vivified dev` charts dead letters from the emulated SQS, as cli/dev/platform.ts wires it.
describe('lane metrics in vivified dev: dead letters', () => {
  it("samples the installation's dead-letter queue in the emulator, and reports no deliveries it cannot see", async () => {
    // Prepare: an installation's queues in the emulator, two events dead in its DLQ.
    const busName = uniqueName('canonical');
    await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
    const key = await kms.send(new CreateKeyCommand({}));
    const wiring = eventBridgeSubscriptions({ busName, kmsKeyId: key.KeyMetadata!.KeyId! });
    const installationId = randomUUID();
    const queues = await wiring.ensure({
      tenantId: 'clinic-a',
      pluginId: 'notifier',
      installationId,
      types: ['UserCreated.v1'],
      view: 'public',
    });
    for (const body of ['{"a":1}', '{"a":2}'])
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.deadLetterQueueUrl, MessageBody: body }));
    const metrics = memoryLaneMetrics({ deadLetters: wiring.deadLetters });

    // Act
    const answer = await metrics.query(
      { tenantId: 'clinic-a', installationId, window: 'hour', queues },
      new Date(),
    );

    // Assess
    expect(answer.events?.delivered).toBeUndefined();
    expect(answer.events?.deadLettered.at(-1)).toBe(2);
    await wiring.remove(installationId);
  });
});
