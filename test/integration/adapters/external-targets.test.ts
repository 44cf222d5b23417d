import { randomUUID } from 'node:crypto';
import {
  CreateEventBusCommand,
  type EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridge, sqs } from '../../../adapters/aws/clients';
import { externalTargets } from '../../../adapters/aws/external-targets';
import type { ExternalTargets } from '../../../core/ports';
import { uniqueName } from '../../support/unique';

describe('EventBridge external targets', () => {
  let busName: string;
  let partnerArn: string;
  let inboxUrl: string;
  let targets: ExternalTargets;

  beforeAll(async () => {
    // "Another account": a second bus whose events land in a queue the test reads.
    busName = uniqueName('canonical');
    await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
    const partner = uniqueName('partner');
    partnerArn = (await eventBridge.send(new CreateEventBusCommand({ Name: partner }))).EventBusArn!;
    inboxUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('partner-inbox', 80) })))
      .QueueUrl!;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: inboxUrl, AttributeNames: ['QueueArn'] }),
    );
    await eventBridge.send(
      new PutRuleCommand({
        Name: 'all',
        EventBusName: partner,
        EventPattern: JSON.stringify({ source: ['vivified.test'] }),
      }),
    );
    await eventBridge.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: partner,
        Targets: [{ Id: 'inbox', Arn: Attributes!.QueueArn! }],
      }),
    );
    targets = externalTargets({ busName });
  });

  const route = (types: string[]) => ({
    tenantId: 'clinic-a',
    subscriberId: randomUUID(),
    busArn: partnerArn,
    types,
    view: 'public',
  });

  const publish = (type: string, marker: string) =>
    eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: 'vivified.test',
            DetailType: type,
            Detail: JSON.stringify({ tenantId: 'clinic-a', view: 'public', data: { marker } }),
          },
        ],
      }),
    );

  const inbox = async (wanted: number) => {
    const seen: string[] = [];
    for (let i = 0; i < 5 && seen.length < wanted; i++) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: inboxUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      seen.push(...(Messages ?? []).map((m) => JSON.parse(m.Body!).detail.data.marker));
    }
    return seen.sort();
  };

  const rulesOf = async (subscriberId: string) =>
    (
      await eventBridge.send(
        new ListRulesCommand({ EventBusName: busName, NamePrefix: `vx-${subscriberId}-` }),
      )
    ).Rules ?? [];

  it('splits types over as few rules as the pattern size quota allows', async () => {
    // Prepare: a quota small enough that three types cannot share one pattern.
    const small = externalTargets({ busName, patternLimit: 120 });
    const subscriber = route(['UserCreated.v1', 'PaymentReceived.v1', 'DocumentProcessed.v1']);

    // Act
    const names = await small.attach(subscriber);

    // Assess
    const rules = await rulesOf(subscriber.subscriberId);
    expect(rules.map((r) => r.Name).sort()).toEqual([...names].sort());
    expect(rules.length).toBeGreaterThan(1);
    expect(rules.length).toBeLessThan(subscriber.types.length);
    expect(rules.every((r) => r.EventPattern!.length <= 120)).toBe(true);
    expect(rules.flatMap((r) => JSON.parse(r.EventPattern!)['detail-type']).sort()).toEqual(
      [...subscriber.types].sort(),
    );
    await small.detach(names);
  });

  it('replaces the one-rule-per-type layout of earlier versions when attached again', async () => {
    // Prepare: a rule as earlier versions named and shaped them, one type each.
    const subscriber = route(['UserCreated.v1', 'PaymentReceived.v1']);
    await eventBridge.send(
      new PutRuleCommand({
        Name: `vx-${subscriber.subscriberId}-legacyrule01`,
        EventBusName: busName,
        EventPattern: JSON.stringify({
          'detail-type': ['UserCreated.v1'],
          detail: { tenantId: ['clinic-a'], view: ['public'] },
        }),
      }),
    );

    // Act
    const names = await targets.attach(subscriber);

    // Assess
    expect(names).toHaveLength(1);
    expect((await rulesOf(subscriber.subscriberId)).map((r) => r.Name)).toEqual(names);
    await targets.detach(names);
  });

  it('leaves the old routing whole when an update fails half-way, and converges when retried', async () => {
    // Prepare: routing for one type; then an EventBridge that refuses to attach the new rule's target.
    const subscriber = route(['UserCreated.v1']);
    const before = await targets.attach(subscriber);
    const failing = {
      send: (command: unknown) =>
        command instanceof PutTargetsCommand
          ? Promise.reject(new Error('throttled'))
          : eventBridge.send(command as PutRuleCommand),
    } as unknown as EventBridgeClient;
    const broken = externalTargets({ busName, eventBridge: failing });
    const updated = { ...subscriber, types: ['UserCreated.v1', 'PaymentReceived.v1'] };
    const marker = randomUUID();

    // Act
    const failure = await broken.attach(updated).catch((error: Error) => error);
    await publish('UserCreated.v1', marker);
    const delivered = await inbox(1);
    const after = await targets.attach(updated);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(delivered).toEqual([marker]);
    expect((await rulesOf(subscriber.subscriberId)).map((r) => r.Name)).toEqual(after);
    expect(after).not.toEqual(before);
    await targets.detach(after);
  });
});
