import {
  CreateEventBusCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { eventBridge, sqs } from '../../../adapters/aws/clients';
import { uniqueName } from '../../support/unique';

describe('EventBridge on LocalStack', () => {
  it('routes by detail-type and detail.tenantId to SQS, and nothing for another tenant', async () => {
    // Prepare
    const busName = uniqueName('bus');
    await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('subscriber', 80) }));
    const queueArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes!.QueueArn!;
    const rule = await eventBridge.send(
      new PutRuleCommand({
        Name: uniqueName('rule'),
        EventBusName: busName,
        EventPattern: JSON.stringify({
          'detail-type': ['UserCreated.v1'],
          detail: { tenantId: ['tenant-a'] },
        }),
      }),
    );
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queue.QueueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn,
                Condition: { ArnEquals: { 'aws:SourceArn': rule.RuleArn } },
              },
            ],
          }),
        },
      }),
    );
    await eventBridge.send(
      new PutTargetsCommand({
        Rule: rule.RuleArn!.split('/').pop(),
        EventBusName: busName,
        Targets: [{ Id: 'queue', Arn: queueArn }],
      }),
    );
    const event = (tenantId: string) => ({
      EventBusName: busName,
      Source: 'vivified.plugin.ehr-sync',
      DetailType: 'UserCreated.v1',
      Detail: JSON.stringify({ tenantId, data: { userId: 'u-1' } }),
    });

    // Act
    const put = await eventBridge.send(
      new PutEventsCommand({ Entries: [event('tenant-b'), event('tenant-a')] }),
    );
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, WaitTimeSeconds: 5, MaxNumberOfMessages: 10 }),
    );
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, WaitTimeSeconds: 2 }));

    // Assess
    expect(put.FailedEntryCount).toBe(0);
    const tenants = [...(received.Messages ?? []), ...(again.Messages ?? [])].map(
      (m) => JSON.parse(m.Body!).detail.tenantId,
    );
    expect(tenants).toEqual(['tenant-a']);
  });
});
