import { deadLetterCounts, queueBacklog } from '../../../../adapters/aws/subscriptions';
import type { PlatformConfig } from '../config';

/**
 * Counting installations' dead letters, for health: the SQS client only, none of the wiring's
 * EventBridge side (./subscriptions.ts is the whole of it).
 */
export const awsDeadLetterCounts = (config: Pick<PlatformConfig, 'clients'>) =>
  deadLetterCounts(config.clients?.sqs);

/**
 * Installations' queue backlogs, for scale-to-zero in the health round: the SQS client only.
 * `serviceName` (every configuration has one) keeps a configuration without clients assignable.
 */
export const awsQueueBacklog = (config: Pick<PlatformConfig, 'clients' | 'serviceName'>) =>
  queueBacklog(config.clients?.sqs);
