import { externalTargets } from '../../../adapters/aws/external-targets';
import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { eventBridgeSubscriptions } from '../../../adapters/aws/subscriptions';
import { requiredSetting, setting } from './setting';

/** The canonical bus's wiring: installation subscriptions, external subscribers, platform events. */

export const subscriptionsFromEnvironment = () =>
  eventBridgeSubscriptions({
    busName: requiredSetting('busName'),
    kmsKeyId: requiredSetting('platformKey'),
  });

export const externalTargetsFromEnvironment = () =>
  externalTargets({
    busName: requiredSetting('busName'),
    targetRoleArn: setting('externalTargetRole'),
    deadLetterArn: setting('busDeadLetters'),
  });

export const platformEventsFromEnvironment = () => eventBridgePlatformEvents(requiredSetting('busName'));
