import { randomUUID } from 'node:crypto';
import { CreateEventBusCommand, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { GetQueueAttributesCommand, ListQueuesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridge, kms, sqs } from '../../../adapters/aws/clients';
import { eventBridgeSubscriptions } from '../../../adapters/aws/subscriptions';
import type { SubscriptionWiring } from '../../../core/ports';
import { uniqueName } from '../../support/unique';

describe('EventBridge subscriptions', () => {
  let busName: string;
  let wiring: SubscriptionWiring;

  beforeAll(async () => {
    busName = uniqueName('canonical');
    await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
    const key = await kms.send(new CreateKeyCommand({}));
    wiring = eventBridgeSubscriptions({ busName, kmsKeyId: key.KeyMetadata!.KeyId! });
  });

  const publish = (tenantId: string, type: string, view = 'public+pii') =>
    eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: 'vivified.plugin.ehr-sync',
            DetailType: type,
            Detail: JSON.stringify({ tenantId, view, data: { marker: `${tenantId}/${type}/${view}` } }),
          },
        ],
      }),
    );

  const drain = async (queueUrl: string) => {
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      seen.push(...(Messages ?? []).map((m) => JSON.parse(m.Body!).detail.data.marker));
    }
    return seen.sort();
  };

  it('delivers subscribed types of its own tenant only, to a KMS-encrypted queue with a DLQ', async () => {
    // Prepare
    const installationId = randomUUID();
    const target = {
      tenantId: 'clinic-a',
      pluginId: 'notifier',
      installationId,
      types: ['UserCreated.v1', 'PaymentReceived.v1'],
      view: 'public+pii',
    };

    // Act
    const resources = await wiring.ensure(target);
    await wiring.ensure(target); // idempotent
    await publish('clinic-a', 'UserCreated.v1');
    await publish('clinic-b', 'UserCreated.v1');
    await publish('clinic-a', 'DocumentProcessed.v1');
    await publish('clinic-a', 'PaymentReceived.v1');
    await publish('clinic-a', 'UserCreated.v1', 'public+pii+phi');

    // Assess
    expect(await drain(resources.queueUrl)).toEqual([
      'clinic-a/PaymentReceived.v1/public+pii',
      'clinic-a/UserCreated.v1/public+pii',
    ]);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: resources.queueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes?.KmsMasterKeyId).toBeTruthy();
    expect(JSON.parse(Attributes!.RedrivePolicy!).deadLetterTargetArn).toBe(resources.deadLetterQueueArn);
    const policy = JSON.parse(Attributes!.Policy!);
    expect(policy.Statement[0].Condition.ArnEquals['aws:SourceArn']).toHaveLength(2);
    expect(resources.rules).toHaveLength(2);
  });

  it('drops rules for types no longer subscribed, and removes everything on remove', async () => {
    // Prepare
    const installationId = randomUUID();
    const base = { tenantId: 'clinic-a', pluginId: 'notifier', installationId, view: 'public' };
    await wiring.ensure({ ...base, types: ['UserCreated.v1', 'PaymentReceived.v1'] });

    // Act
    const narrowed = await wiring.ensure({ ...base, types: ['UserCreated.v1'] });
    const rulesAfterNarrowing = await eventBridge.send(
      new ListRulesCommand({ EventBusName: busName, NamePrefix: `vi-${installationId}-` }),
    );
    await wiring.remove(installationId);
    await wiring.remove(installationId); // idempotent

    // Assess
    expect(rulesAfterNarrowing.Rules?.map((r) => r.Name)).toEqual(narrowed.rules);
    const rulesAfterRemove = await eventBridge.send(
      new ListRulesCommand({ EventBusName: busName, NamePrefix: `vi-${installationId}-` }),
    );
    expect(rulesAfterRemove.Rules ?? []).toEqual([]);
    const queues = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `vivified-${installationId}` }));
    expect(queues.QueueUrls ?? []).toEqual([]);
  });
});
