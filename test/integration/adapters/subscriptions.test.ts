import { randomUUID } from 'node:crypto';
import {
  CreateEventBusCommand,
  type EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
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
  let kmsKeyId: string;

  beforeAll(async () => {
    busName = uniqueName('canonical');
    await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
    const key = await kms.send(new CreateKeyCommand({}));
    kmsKeyId = key.KeyMetadata!.KeyId!;
    wiring = eventBridgeSubscriptions({ busName, kmsKeyId });
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
    // One rule for both types, and the queue admits that rule alone.
    expect(resources.rules).toHaveLength(1);
    expect(policy.Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual([
      expect.stringMatching(new RegExp(`:rule/${busName}/${resources.rules[0]}$`)),
    ]);
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

  const rulesOf = async (installationId: string) =>
    (
      await eventBridge.send(
        new ListRulesCommand({ EventBusName: busName, NamePrefix: `vi-${installationId}-` }),
      )
    ).Rules ?? [];

  it('splits types over as few rules as the pattern size quota allows, delivering each', async () => {
    // Prepare: a quota small enough that three types cannot share one pattern.
    const installationId = randomUUID();
    const small = eventBridgeSubscriptions({ busName, kmsKeyId, patternLimit: 120 });
    const types = ['UserCreated.v1', 'PaymentReceived.v1', 'DocumentProcessed.v1'];

    // Act
    const resources = await small.ensure({
      tenantId: 'clinic-a',
      pluginId: 'notifier',
      installationId,
      types,
      view: 'public',
    });
    for (const type of types) await publish('clinic-a', type, 'public');

    // Assess
    const rules = await rulesOf(installationId);
    expect(rules.length).toBeGreaterThan(1);
    expect(rules.length).toBeLessThan(types.length);
    expect(rules.every((r) => r.EventPattern!.length <= 120)).toBe(true);
    expect(rules.flatMap((r) => JSON.parse(r.EventPattern!)['detail-type']).sort()).toEqual(
      [...types].sort(),
    );
    expect(await drain(resources.queueUrl)).toEqual(types.map((t) => `clinic-a/${t}/public`).sort());
    await small.remove(installationId);
  });

  it('replaces the one-rule-per-type layout of earlier versions on the next ensure', async () => {
    // Prepare: a rule as earlier versions named and shaped them, one type each.
    const installationId = randomUUID();
    const base = { tenantId: 'clinic-a', pluginId: 'notifier', installationId, view: 'public' };
    const legacy = `vi-${installationId}-legacyrule01`;
    await eventBridge.send(
      new PutRuleCommand({
        Name: legacy,
        EventBusName: busName,
        EventPattern: JSON.stringify({
          'detail-type': ['UserCreated.v1'],
          detail: { tenantId: ['clinic-a'] },
        }),
      }),
    );

    // Act
    const made = await wiring.ensure({ ...base, types: ['UserCreated.v1', 'PaymentReceived.v1'] });

    // Assess
    expect((await rulesOf(installationId)).map((r) => r.Name)).toEqual(made.rules);
    await wiring.remove(installationId);
  });

  it('leaves the old routing whole when an upgrade fails half-way, and converges when retried', async () => {
    // Prepare: routing for one type; then an EventBridge that refuses to attach the new rule's target.
    const installationId = randomUUID();
    const base = { tenantId: 'clinic-a', pluginId: 'notifier', installationId, view: 'public' };
    const before = await wiring.ensure({ ...base, types: ['UserCreated.v1'] });
    const failing = {
      send: (command: unknown) =>
        command instanceof PutTargetsCommand
          ? Promise.reject(new Error('throttled'))
          : eventBridge.send(command as PutRuleCommand),
    } as unknown as EventBridgeClient;
    const broken = eventBridgeSubscriptions({ busName, kmsKeyId, eventBridge: failing });
    const upgraded = { ...base, types: ['UserCreated.v1', 'PaymentReceived.v1'] };

    // Act
    const failure = await broken.ensure(upgraded).catch((error: Error) => error);
    await publish('clinic-a', 'UserCreated.v1', 'public');
    const delivered = await drain(before.queueUrl);
    const after = await wiring.ensure(upgraded);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(delivered).toEqual(['clinic-a/UserCreated.v1/public']);
    expect((await rulesOf(installationId)).map((r) => r.Name)).toEqual(after.rules);
    expect(after.rules).not.toEqual(before.rules);
    await wiring.remove(installationId);
  });

  it('keeps a queue made under another receive limit, with its events, and gives it the new limit', async () => {
    // Prepare: queues made at the default of 5, one event waiting.
    const target = {
      tenantId: 'clinic-a',
      pluginId: 'notifier',
      installationId: randomUUID(),
      types: ['UserCreated.v1'],
      view: 'public+pii',
    };
    const before = await wiring.ensure(target);
    await publish('clinic-a', 'UserCreated.v1');

    // Act
    const after = await eventBridgeSubscriptions({ busName, kmsKeyId, maxReceiveCount: 2 }).ensure(target);

    // Assess
    expect(after.queueUrl).toBe(before.queueUrl);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: after.queueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toMatchObject({
      maxReceiveCount: 2,
      deadLetterTargetArn: before.deadLetterQueueArn,
    });
    expect(await drain(after.queueUrl)).toEqual(['clinic-a/UserCreated.v1/public+pii']);
  });
});
