import {
  DeleteRuleCommand,
  type EventBridgeClient,
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type {
  DeadLetterResources,
  QueueBacklog,
  SubscriptionResources,
  SubscriptionTarget,
  SubscriptionWiring,
} from '../../core/ports';
import { eventBridge as sharedEventBridge, sqs as sharedSqs } from './clients';
import { INSTALLATION_RESOURCES } from './deploy-contract';
import { DEFAULT_PATTERN_LIMIT, subscriptionRules } from './subscription-rules';

export interface SubscriptionWiringOptions {
  /** The canonical bus's name. */
  readonly busName: string;
  /** KMS key for the queues (the platform key). */
  readonly kmsKeyId: string;
  /**
   * The bus's "Event pattern size" quota in characters, if raised (to at most 4,096).
   * @default 2048, EventBridge's default
   */
  readonly patternLimit?: number;
  /** Receives before a message moves to the installation's DLQ. @default 5 */
  readonly maxReceiveCount?: number;
  /** @default the process's shared client (./clients.ts) */
  readonly eventBridge?: EventBridgeClient;
  /** @default the process's shared client (./clients.ts) */
  readonly sqs?: SQSClient;
}

// Names derive from the installation id (rules: and their pattern), so every step can be retried
// and `remove` finds everything without stored state.
const { queueName, deadLetterQueueName: deadLetterName, rulePrefix, tags: TAG } = INSTALLATION_RESOURCES;
const TARGET_ID = 'installation-queue';

const FOURTEEN_DAYS = String(14 * 24 * 3600);

/** How many events wait in an installation's dead-letter queue (one GetQueueAttributes). */
export const deadLetterCounts = (sqs: SQSClient = sharedSqs): Pick<SubscriptionWiring, 'deadLetters'> => ({
  deadLetters: (resources) => deadLetters(sqs, resources),
});

/**
 * An installation's queue backlog, as the health round reads it to tell an idle installation from
 * a busy one: one GetQueueAttributes call per installation per round, no write per event or call.
 */
export const queueBacklog = (sqs: SQSClient = sharedSqs): QueueBacklog => ({
  async backlog(queueUrl) {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  },
});

async function deadLetters(sqs: SQSClient, resources: DeadLetterResources) {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: resources.deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return { waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0) };
}

/**
 * Canonical-lane wiring on AWS: per installation an SQS queue and DLQ (KMS-encrypted, redrive
 * after repeated failures) and one EventBridge rule listing every subscribed type and matching
 * the tenant and the clearance view, so no event of another tenant, and no copy redacted for
 * another clearance, can reach the queue (./subscription-rules). The queue policy admits exactly
 * the installation's rules; events the target cannot take land in the DLQ, never nowhere.
 */
export function eventBridgeSubscriptions(options: SubscriptionWiringOptions): SubscriptionWiring {
  const { busName, kmsKeyId } = options;
  const eventBridge = options.eventBridge ?? sharedEventBridge;
  const sqs = options.sqs ?? sharedSqs;

  async function queue(name: string, wanted: Record<string, string>) {
    const attributes = { KmsMasterKeyId: kmsKeyId, KmsDataKeyReusePeriodSeconds: '300', ...wanted };
    // SQS refuses to create a queue that exists with other attributes (a receive limit changed
    // since it was made): the queue is kept, with its messages, and given the attributes wanted.
    const QueueUrl = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })).then(
      (created) => created.QueueUrl,
      async (error: unknown) => {
        if (!(error instanceof QueueNameExists)) throw error;
        const { QueueUrl: url } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
        return url;
      },
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  }

  async function rulesOf(installationId: string): Promise<string[]> {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await eventBridge.send(
        new ListRulesCommand({ EventBusName: busName, NamePrefix: rulePrefix(installationId), NextToken }),
      );
      names.push(...(page.Rules ?? []).map((r) => r.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    return names;
  }

  async function deleteRule(name: string) {
    try {
      await eventBridge.send(
        new RemoveTargetsCommand({ Rule: name, EventBusName: busName, Ids: [TARGET_ID], Force: true }),
      );
      await eventBridge.send(new DeleteRuleCommand({ Name: name, EventBusName: busName, Force: true }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  const allowRules = (queueArn: string, ruleArns: readonly string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: ruleArns.length
        ? [
            {
              Sid: 'CanonicalRulesOnly',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
            },
          ]
        : [
            // No subscriptions: nothing may send. A policy needs a statement, so deny explicitly.
            {
              Sid: 'NoSenders',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sqs:SendMessage',
              Resource: queueArn,
            },
          ],
    });

  return {
    async ensure(target: SubscriptionTarget): Promise<SubscriptionResources> {
      const dlq = await queue(deadLetterName(target.installationId), {
        MessageRetentionPeriod: FOURTEEN_DAYS,
      });
      const main = await queue(queueName(target.installationId), {
        MessageRetentionPeriod: FOURTEEN_DAYS,
        VisibilityTimeout: '60',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlq.arn,
          maxReceiveCount: options.maxReceiveCount ?? 5,
        }),
      });

      const wanted = subscriptionRules(target, options.patternLimit ?? DEFAULT_PATTERN_LIMIT);
      const wantedNames = new Set(wanted.map((rule) => rule.name));
      const existing = await rulesOf(target.installationId);
      // Rule ARNs follow from the queue's region and account, so the queues can admit the new
      // rules before they exist: a rule never delivers into a policy that refuses it.
      const ruleArn = (name: string) => {
        const [, partition, , region, account] = main.arn.split(':');
        return `arn:${partition}:events:${region}:${account}:rule/${busName}/${name}`;
      };
      const admit = async (names: readonly string[]) => {
        const arns = [...new Set(names)].sort().map(ruleArn);
        await sqs.send(
          new SetQueueAttributesCommand({
            QueueUrl: main.url,
            Attributes: { Policy: allowRules(main.arn, arns) },
          }),
        );
        await sqs.send(
          new SetQueueAttributesCommand({
            QueueUrl: dlq.url,
            Attributes: { Policy: allowRules(dlq.arn, arns) },
          }),
        );
      };
      // Old and new rules both admitted while the new are written: a failure anywhere before the
      // last step leaves the old routing delivering, and a retry converges (names are content).
      await admit([...existing, ...wantedNames]);
      for (const rule of wanted) {
        await eventBridge.send(
          new PutRuleCommand({
            Name: rule.name,
            EventBusName: busName,
            Description:
              `${rule.types.length} types for ${target.pluginId} in tenant ${target.tenantId}`.slice(0, 512),
            EventPattern: rule.pattern,
            State: 'ENABLED',
            Tags: [
              { Key: TAG.tenant, Value: target.tenantId },
              { Key: TAG.plugin, Value: target.pluginId },
              { Key: TAG.installation, Value: target.installationId },
            ],
          }),
        );
        await eventBridge.send(
          new PutTargetsCommand({
            Rule: rule.name,
            EventBusName: busName,
            Targets: [
              {
                Id: TARGET_ID,
                Arn: main.arn,
                DeadLetterConfig: { Arn: dlq.arn },
                RetryPolicy: { MaximumRetryAttempts: 185 },
              },
            ],
          }),
        );
      }
      // Rules of an earlier version's types (or of the one-rule-per-type layout) stop flowing here.
      for (const stale of existing.filter((name) => !wantedNames.has(name))) await deleteRule(stale);
      await admit([...wantedNames]);
      return {
        queueUrl: main.url,
        queueArn: main.arn,
        deadLetterQueueUrl: dlq.url,
        deadLetterQueueArn: dlq.arn,
        rules: [...wantedNames],
      };
    },

    async remove(installationId: string): Promise<void> {
      for (const name of await rulesOf(installationId)) await deleteRule(name);
      for (const name of [queueName(installationId), deadLetterName(installationId)]) {
        try {
          const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
          await sqs.send(new DeleteQueueCommand({ QueueUrl }));
        } catch (error) {
          if (!(error instanceof QueueDoesNotExist)) throw error;
        }
      }
    },

    deadLetters: (resources: DeadLetterResources) => deadLetters(sqs, resources),

    // SQS's own dead-letter redrive: the service moves the messages (keeping their bodies and
    // attributes) without the platform reading PHI-bearing events on the way.
    async redrive(resources: DeadLetterResources) {
      const { waiting } = await deadLetters(sqs, resources);
      if (waiting > 0) {
        await sqs.send(
          new StartMessageMoveTaskCommand({
            SourceArn: resources.deadLetterQueueArn,
            DestinationArn: resources.queueArn,
          }),
        );
      }
      return { moving: waiting };
    },
  };
}
