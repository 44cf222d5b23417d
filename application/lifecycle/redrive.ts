import { ConflictError } from '../../core/errors';
import type { SubscriptionWiring } from '../../core/ports';
import { guard } from '../guard';
import { type AccessDeps, admit, type InstallationAsk, load } from './access';
import { deadLetterQueues } from './dead-letters';

/** Sends an installation's dead-lettered events back to its queue for redelivery. */
export async function redrive(
  deps: AccessDeps & { readonly subscriptions: Pick<SubscriptionWiring, 'redrive'> },
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<{ moving: number }> {
  const { tenantId, pluginId } = ask;
  await admit(deps, 'installation.redrive', ask);
  const { installation } = await load(deps, tenantId, pluginId);
  const queues = deadLetterQueues(installation);
  if (!queues) throw new ConflictError(`Plugin ${pluginId} has no queues: it has not been enabled.`);
  const { moving } = await deps.subscriptions.redrive(queues);
  await guard(deps).record(ask.principal, 'installation.redrive.completed', {
    traceId: ask.traceId,
    target: { kind: 'installation', id: `${tenantId}/${pluginId}` },
    reasons: [`${moving} dead-lettered event(s) sent back for redelivery`],
    details: { moving },
  });
  return { moving };
}
