import { DependencyUnavailableError, UpstreamError } from '../../core/errors';
import type { Installation, InstallationResources } from '../../core/installation/types';
import { viewOf } from '../../core/lanes/clearance-view';
import { assertTransition, type LifecycleEvent } from '../../core/lifecycle';
import type { PluginManifest } from '../../core/manifest/types';
import type {
  InstallationStore,
  PluginCredentials,
  PluginRuntime,
  SubscriptionWiring,
} from '../../core/ports';

/** The ports a lifecycle step uses. */
export interface ProvisioningDeps {
  readonly installations: InstallationStore;
  readonly runtime: PluginRuntime;
  readonly subscriptions: SubscriptionWiring;
  /** Issues each installation's credential at enable. */
  readonly credentials: Pick<PluginCredentials, 'issue'>;
  readonly settings: {
    /** The URL plugins use to reach the lanes (VIVIFIED_API_URL in their environment). */
    readonly apiUrl: string;
  };
  readonly now: () => Date;
}

/** The environment a plugin runs with, the same on ECS and as a local process. */
export function pluginEnvironment(
  plane: ProvisioningDeps,
  installation: Installation,
  queueUrl: string,
): Record<string, string> {
  return {
    VIVIFIED_API_URL: plane.settings.apiUrl,
    VIVIFIED_TENANT_ID: installation.tenantId,
    VIVIFIED_PLUGIN_ID: installation.pluginId,
    VIVIFIED_INSTALLATION_ID: installation.installationId,
    VIVIFIED_PLUGIN_VERSION: installation.pluginVersion,
    VIVIFIED_QUEUE_URL: queueUrl,
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * What a failed step reports: an outage stays an outage (503, retry later; the state was undone or
 * recorded), anything else is the runtime or a service refusing (502).
 */
const asFailure = (error: unknown, message: string, status: 502) =>
  error instanceof DependencyUnavailableError ? error : new UpstreamError(message, status);

/** What a lifecycle step may change beside the state. */
type InstallationChanges = Partial<
  Pick<Installation, 'resources' | 'lastError' | 'pluginVersion' | 'health'>
>;

/**
 * Applies a lifecycle event and any changes as the installation's next revision; loses cleanly to
 * a concurrent writer. It needs only the store, so the health round moves states without holding
 * the runtime's lifecycle side (creating or deleting services and roles).
 */
export async function advanceInstallation(
  plane: Pick<ProvisioningDeps, 'installations' | 'now'>,
  current: Installation,
  event: LifecycleEvent,
  actor: string,
  changes: InstallationChanges = {},
): Promise<Installation> {
  const next: Installation = {
    ...current,
    ...changes,
    state: assertTransition(current.state, event),
    rev: current.rev + 1,
    updatedAt: plane.now().toISOString(),
    updatedBy: actor,
  };
  if ('lastError' in changes && changes.lastError === undefined)
    delete (next as { lastError?: unknown }).lastError;
  return plane.installations.save(next);
}

/**
 * Runs enable, disable and uninstall as lifecycle steps. Each begins with a conditional write of
 * the transitional state (so of concurrent requests exactly one proceeds), does its work through
 * the idempotent runtime and subscription ports, and ends in a stable state. On failure it undoes
 * what an enable made, or records the failure, so nothing is orphaned and a retry can finish.
 */
export function provisioning(plane: ProvisioningDeps) {
  const advance = (
    current: Installation,
    event: LifecycleEvent,
    actor: string,
    changes: InstallationChanges = {},
  ): Promise<Installation> => advanceInstallation(plane, current, event, actor, changes);

  const failure = (step: string, error: unknown) => ({
    step,
    message: messageOf(error),
    at: plane.now().toISOString(),
  });

  return {
    advance,

    async enable(installation: Installation, manifest: PluginManifest, actor: string): Promise<Installation> {
      let current = await advance(installation, 'enable', actor, { lastError: undefined });
      let step = 'subscriptions';
      try {
        const subscriptions = await plane.subscriptions.ensure({
          tenantId: current.tenantId,
          pluginId: current.pluginId,
          installationId: current.installationId,
          types: manifest.events?.subscribes ?? [],
          view: viewOf(manifest),
        });
        step = 'credential';
        const { token } = await plane.credentials.issue({
          tenantId: current.tenantId,
          installationId: current.installationId,
          pluginId: current.pluginId,
          pluginVersion: current.pluginVersion,
        });
        step = 'runtime';
        const started = await plane.runtime.start({
          credential: token,
          tenantId: current.tenantId,
          pluginId: current.pluginId,
          installationId: current.installationId,
          pluginVersion: current.pluginVersion,
          runtime: manifest.runtime,
          environment: pluginEnvironment(plane, current, subscriptions.queueUrl),
        });
        const resources: InstallationResources = {
          ...subscriptions,
          runtimeHandle: started.handle,
          taskDefinition: started.taskDefinition,
        };
        current = await advance(current, 'provisioned', actor, {
          resources,
          health: { consecutiveFailures: 0, history: current.health.history },
        });
        return current;
      } catch (error) {
        // Undo everything this attempt may have made; the ports treat missing pieces as removed.
        const undo = await Promise.allSettled([
          plane.runtime.remove(current.installationId),
          plane.subscriptions.remove(current.installationId),
        ]);
        const undoFailed = undo.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
        await advance(current, 'provision_failed', actor, {
          resources: {},
          lastError: failure(
            step,
            undoFailed ? `${messageOf(error)}; cleanup: ${messageOf(undoFailed.reason)}` : error,
          ),
        });
        throw asFailure(error, `Enabling ${current.pluginId} failed at ${step}: ${messageOf(error)}`, 502);
      }
    },

    /** Disable (or, from Failed, retry the stop): scale the runtime to zero, keep its resources. */
    async disable(installation: Installation, actor: string): Promise<Installation> {
      const event: LifecycleEvent = installation.state === 'Failed' ? 'retry' : 'disable';
      const current = await advance(installation, event, actor, { lastError: undefined });
      try {
        await plane.runtime.stop(current.installationId);
        return await advance(current, 'deprovisioned', actor);
      } catch (error) {
        await advance(current, 'deprovision_failed', actor, { lastError: failure('runtime', error) });
        throw asFailure(error, `Disabling ${current.pluginId} failed: ${messageOf(error)}`, 502);
      }
    },

    /** Uninstall: remove runtime, queues and rules, then the record itself (secrets go with it). */
    async uninstall(installation: Installation, actor: string): Promise<void> {
      const current = await advance(installation, 'uninstall', actor, { lastError: undefined });
      let step = 'runtime';
      try {
        await plane.runtime.remove(current.installationId);
        step = 'subscriptions';
        await plane.subscriptions.remove(current.installationId);
        step = 'registry';
        await plane.installations.remove(current);
      } catch (error) {
        await advance(current, 'uninstall_failed', actor, { lastError: failure(step, error) });
        throw asFailure(
          error,
          `Uninstalling ${current.pluginId} failed at ${step}: ${messageOf(error)}`,
          502,
        );
      }
    },
  };
}

export type Provisioning = ReturnType<typeof provisioning>;
