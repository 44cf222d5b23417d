import { deadLetterCounts } from '../../../../adapters/aws/subscriptions';
import type { PlatformConfig } from '../config';

/**
 * Counting installations' dead letters, for health: the SQS client only, none of the wiring's
 * EventBridge side (./subscriptions.ts is the whole of it).
 */
export const awsDeadLetterCounts = (config: Pick<PlatformConfig, 'clients'>) =>
  deadLetterCounts(config.clients?.sqs);
