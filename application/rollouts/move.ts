import { RUNNING_STATES } from '../../core/lifecycle';
import type { Rollout } from '../../core/rollout';
import { disable } from '../lifecycle/disable';
import { enable } from '../lifecycle/enable';
import { upgrade } from '../lifecycle/upgrade';
import { rolloutPrincipal } from './acting';
import type { RolloutDeps } from './deps';

export type Moved = 'moved' | 'already' | 'needs_consent';

/**
 * Moves one member's installation to `version` through the lifecycle's own use cases: a running
 * installation is disabled (its queue and rules stay, so nothing waiting is lost), upgraded and
 * enabled again, as by hand. Already on the version, nothing is done: a tick repeated after a
 * crash repeats no upgrade. When the upgrade is not applied or fails, a stopped installation is
 * started again on its version, so a rollout never leaves a tenant's plugin off.
 */
export async function moveTo(
  deps: RolloutDeps,
  rollout: Rollout,
  tenantId: string,
  version: string,
  options: { readonly consent: boolean; readonly traceId: string },
): Promise<Moved> {
  const pluginId = rollout.plan.pluginId;
  const installation = await deps.installations.get(tenantId, pluginId);
  if (!installation || installation.pluginVersion === version) return 'already';
  const ask = {
    principal: rolloutPrincipal(rollout, tenantId),
    tenantId,
    pluginId,
    traceId: options.traceId,
  };
  const running = (RUNNING_STATES as readonly string[]).includes(installation.state);
  if (running) await disable(deps, ask);
  try {
    const outcome = await upgrade(deps, {
      ...ask,
      body: {
        raw: { version, consent: options.consent },
        parse: () => ({ version, consent: options.consent }),
      },
    });
    if (running) await enable(deps, ask);
    return outcome.applied ? 'moved' : 'needs_consent';
  } catch (error) {
    if (running) await enable(deps, ask);
    throw error;
  }
}
