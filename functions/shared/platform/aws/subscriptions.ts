import { externalTargets } from '../../../../adapters/aws/external-targets';
import { eventBridgeSubscriptions } from '../../../../adapters/aws/subscriptions';
import type { PlatformConfig } from '../config';

/** Installation subscriptions: a queue (and dead-letter queue) per installation, rules on the bus. */
export const awsSubscriptions = (
  config: Pick<PlatformConfig, 'busName' | 'platformKey' | 'maxReceiveCount' | 'clients'>,
) =>
  eventBridgeSubscriptions({
    busName: config.busName,
    kmsKeyId: config.platformKey,
    ...(config.maxReceiveCount === undefined ? {} : { maxReceiveCount: config.maxReceiveCount }),
    eventBridge: config.clients?.eventBridge,
    sqs: config.clients?.sqs,
  });

/** Rules feeding a tenant's external subscribers' buses. */
export const awsExternalTargets = (
  config: Pick<PlatformConfig, 'busName' | 'externalTargetRole' | 'busDeadLetters' | 'clients'>,
) =>
  externalTargets({
    busName: config.busName,
    targetRoleArn: config.externalTargetRole,
    deadLetterArn: config.busDeadLetters,
    eventBridge: config.clients?.eventBridge,
  });
