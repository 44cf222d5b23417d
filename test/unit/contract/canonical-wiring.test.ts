import { memoryCanonicalBus } from '../../../adapters/memory/canonical-bus';
import { memoryExternalTargets } from '../../../adapters/memory/external-targets';
import { memoryPlatformEvents } from '../../../adapters/memory/platform-events';
import { memorySubscriptions } from '../../../adapters/memory/subscriptions';
import { canonicalBusContract } from '../../contract/canonical-bus.contract';
import { externalTargetsContract } from '../../contract/external-targets.contract';
import { platformEventsContract } from '../../contract/platform-events.contract';
import { subscriptionWiringContract } from '../../contract/subscriptions.contract';

// The canonical bus and what hangs off it, in memory.
canonicalBusContract('memory', () => ({ bus: memoryCanonicalBus(), busName: 'canonical' }));
subscriptionWiringContract('memory', () => memorySubscriptions());
externalTargetsContract('memory', () => ({
  targets: memoryExternalTargets(),
  busArn: 'arn:aws:events:us-east-1:111122223333:event-bus/elsewhere',
}));
platformEventsContract('memory', () => memoryPlatformEvents());
