import { externalTargets } from '../../../adapters/aws/external-targets';
import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { eventBridgeSubscriptions } from '../../../adapters/aws/subscriptions';
import { required } from './settings';

/** The canonical bus's wiring: installation subscriptions, external subscribers, platform events. */

export const subscriptionsFromEnvironment = () =>
  eventBridgeSubscriptions({
    busName: required('VIVIFIED_BUS_NAME'),
    kmsKeyId: required('VIVIFIED_KMS_KEY_ID'),
  });

export const externalTargetsFromEnvironment = () =>
  externalTargets({
    busName: required('VIVIFIED_BUS_NAME'),
    targetRoleArn: process.env.VIVIFIED_EXTERNAL_TARGET_ROLE_ARN,
    deadLetterArn: process.env.VIVIFIED_BUS_DLQ_ARN,
  });

export const platformEventsFromEnvironment = () => eventBridgePlatformEvents(required('VIVIFIED_BUS_NAME'));
