import { createHash } from 'node:crypto';
import type { SubscriptionResources, SubscriptionTarget, SubscriptionWiring } from '../../core/ports';

interface Wired {
  readonly target: SubscriptionTarget;
  readonly resources: SubscriptionResources;
  /** Messages in the dead-letter queue. */
  deadLetters: number;
}

// One rule per installation, named by what it matches, as on EventBridge (adapters/aws/subscription-rules).
const ruleName = (target: SubscriptionTarget) =>
  `vi-${target.installationId}-${createHash('sha256')
    .update(JSON.stringify([target.tenantId, target.view, [...new Set(target.types)].sort()]))
    .digest('hex')
    .slice(0, 12)}`;

/**
 * The canonical lane's wiring in memory: per installation a queue, a dead-letter queue and one
 * rule for all its subscribed types (none without any), all named from the installation id so `ensure` converges and `remove`
 * finds everything; a redrive moves the dead letters back at once.
 */
export function memorySubscriptions(): SubscriptionWiring & {
  /** What an installation is wired to now. */
  wired(installationId: string): SubscriptionTarget | undefined;
  /** Puts messages in an installation's dead-letter queue, as failed deliveries would. */
  deadLetter(installationId: string, count: number): void;
} {
  const wiring = new Map<string, Wired>();
  const byQueue = (deadLetterQueueArn: string) =>
    [...wiring.values()].find((w) => w.resources.deadLetterQueueArn === deadLetterQueueArn);

  return {
    async ensure(target) {
      const queue = `vivified-${target.installationId}`;
      const resources: SubscriptionResources = {
        queueUrl: `memory://sqs/${queue}`,
        queueArn: `arn:memory:sqs:local:000000000000:${queue}`,
        deadLetterQueueUrl: `memory://sqs/${queue}-dlq`,
        deadLetterQueueArn: `arn:memory:sqs:local:000000000000:${queue}-dlq`,
        rules: target.types.length ? [ruleName(target)] : [],
      };
      const deadLetters = wiring.get(target.installationId)?.deadLetters ?? 0;
      wiring.set(target.installationId, {
        target: { ...target, types: [...target.types] },
        resources,
        deadLetters,
      });
      return resources;
    },
    async remove(installationId) {
      wiring.delete(installationId);
    },
    async deadLetters(resources) {
      return { waiting: byQueue(resources.deadLetterQueueArn)?.deadLetters ?? 0 };
    },
    async redrive(resources) {
      const wired = byQueue(resources.deadLetterQueueArn);
      const moving = wired?.deadLetters ?? 0;
      if (wired) wired.deadLetters = 0;
      return { moving };
    },
    wired: (installationId) => wiring.get(installationId)?.target,
    deadLetter(installationId, count) {
      const wired = wiring.get(installationId);
      if (!wired) throw new Error(`Installation ${installationId} has no queues.`);
      wired.deadLetters += count;
    },
  };
}
