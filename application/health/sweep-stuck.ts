import { ConcurrentModificationError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { FAILURE_EVENT_OF, type TransitionalState } from '../../core/lifecycle';
import type { AuditLog, InstallationStore, PluginRuntime, SubscriptionWiring } from '../../core/ports';
import { advanceInstallation } from '../lifecycle/provisioning';

const TRANSITIONAL: readonly TransitionalState[] = ['Provisioning', 'Deprovisioning', 'Uninstalling'];

/** The ports the sweep uses: undoing a stuck enable removes what it made, as a failed enable would. */
export interface SweepDeps {
  readonly installations: InstallationStore;
  readonly runtime: Pick<PluginRuntime, 'remove'>;
  readonly subscriptions: Pick<SubscriptionWiring, 'remove'>;
  readonly audit: Pick<AuditLog, 'append' | 'flush'>;
  readonly now: () => Date;
}

/**
 * Ends lifecycle steps nobody is running any more (the worker crashed or timed out): an
 * installation still in a transitional state after `staleAfterMs` gets that state's failure event
 * with a "timed out" lastError. A stuck enable is undone first, as a failed one would be, so
 * Registered keeps meaning "nothing provisioned". Returns what was swept.
 */
export async function sweepStuck(plane: SweepDeps, staleAfterMs = 15 * 60_000): Promise<Installation[]> {
  const cutoff = plane.now().getTime() - staleAfterMs;
  const swept: Installation[] = [];
  for (const state of TRANSITIONAL) {
    const stale: Installation[] = [];
    for await (const installation of plane.installations.inState(state)) {
      if (Date.parse(installation.updatedAt) < cutoff) stale.push(installation);
    }
    for (const installation of stale) {
      try {
        if (state === 'Provisioning') {
          await plane.runtime.remove(installation.installationId);
          await plane.subscriptions.remove(installation.installationId);
        }
        const failed = await advanceInstallation(
          plane,
          installation,
          FAILURE_EVENT_OF[state],
          'health-check',
          {
            ...(state === 'Provisioning' ? { resources: {} } : {}),
            lastError: {
              step: state,
              message: `timed out: still ${state} after ${Math.round(staleAfterMs / 60_000)} minutes`,
              at: plane.now().toISOString(),
            },
          },
        );
        await plane.audit.append({
          tenantId: failed.tenantId,
          actor: { kind: 'system', id: 'health-check' },
          action: `installation.${FAILURE_EVENT_OF[state]}`,
          target: { kind: 'installation', id: `${failed.tenantId}/${failed.pluginId}` },
          decision: 'allow',
          reasons: [`${state} → ${failed.state}: the step was not finished in time`],
          traceId: `sweep-${failed.installationId}`,
        });
        swept.push(failed);
      } catch (error) {
        // Someone finished the step meanwhile: nothing to sweep.
        if (!(error instanceof ConcurrentModificationError)) throw error;
      }
    }
  }
  await plane.audit.flush();
  return swept;
}
