import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { eventBridge, kms } from '../../../adapters/aws/clients';
import { eventBridgeBus } from '../../../adapters/aws/event-bus';
import { externalTargets } from '../../../adapters/aws/external-targets';
import { eventBridgePlatformEvents } from '../../../adapters/aws/platform-events';
import { eventBridgeSubscriptions } from '../../../adapters/aws/subscriptions';
import { canonicalBusContract } from '../../contract/canonical-bus.contract';
import { externalTargetsContract } from '../../contract/external-targets.contract';
import { platformEventsContract } from '../../contract/platform-events.contract';
import { subscriptionWiringContract } from '../../contract/subscriptions.contract';
import { uniqueName } from '../../support/unique';

/** A canonical bus of the suite's own. */
async function bus() {
  const name = uniqueName('canonical');
  const { EventBusArn } = await eventBridge.send(new CreateEventBusCommand({ Name: name }));
  return { name, arn: EventBusArn! };
}

canonicalBusContract('EventBridge', async () => ({ bus: eventBridgeBus(), busName: (await bus()).name }));
subscriptionWiringContract('EventBridge and SQS', async () => {
  const key = await kms.send(new CreateKeyCommand({}));
  return eventBridgeSubscriptions({ busName: (await bus()).name, kmsKeyId: key.KeyMetadata!.KeyId! });
});
externalTargetsContract('EventBridge', async () => {
  const [canonical, elsewhere] = [await bus(), await bus()];
  return { targets: externalTargets({ busName: canonical.name }), busArn: elsewhere.arn };
});
platformEventsContract('EventBridge', async () => eventBridgePlatformEvents((await bus()).name));
