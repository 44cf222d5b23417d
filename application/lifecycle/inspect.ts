import { type HealthVerdict, healthVerdict } from '../../core/installation/health-verdict';
import type { Installation, InstallationError, InstallationHealth } from '../../core/installation/types';
import type { InstallationState } from '../../core/lifecycle';
// The module itself, not the barrel: the barrel brings the manifest validator, and with it ajv.
import { describePermissions } from '../../core/manifest/describe';
import type { PluginManifest } from '../../core/manifest/types';
import { decide } from '../../core/policy/decide';
import type {
  InstallationStore,
  Page,
  PluginRuntime,
  RuntimeStatus,
  SubscriptionWiring,
} from '../../core/ports';
import type { PageAsk, Unvalidated } from '../attempt';
import { type AccessDeps, admit, type InstallationAsk, load } from './access';
import { deadLetterQueues } from './dead-letters';

/*
 * The read-only installation actions: each is decided and audited like a change, since reading
 * an installation or its config is something a tenant's audit trail must show.
 */

/** A page of the tenant's installations. */
export async function listInstallations(
  deps: Pick<AccessDeps, 'audit' | 'metrics'> & { readonly installations: Pick<InstallationStore, 'list'> },
  ask: Omit<InstallationAsk, 'pluginId'>,
  page: Unvalidated<PageAsk>,
): Promise<Page<Installation>> {
  await admit(deps, 'installation.list', ask);
  const { limit, cursor } = page.parse(page.raw);
  return deps.installations.list(ask.tenantId, limit, cursor);
}

/**
 * One installation, with the permissions its version was granted and the console panels the
 * caller may open. Which panels those are is asked of `decide` itself, so the list never shows a
 * panel the open would refuse; only the read is audited, as the list opens nothing.
 */
export async function readInstallation(
  deps: AccessDeps,
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<{ installation: Installation; permissions: string[]; panels: { id: string; title: string }[] }> {
  await admit(deps, 'installation.read', ask);
  const { installation, manifest } = await load(deps, ask.tenantId, ask.pluginId);
  const panels = (manifest.ui?.panels ?? [])
    .filter(
      (panel) =>
        decide(ask.principal, 'installation.panel.open', {
          tenantId: ask.tenantId,
          pluginId: ask.pluginId,
          panelId: panel.id,
          panelRoles: panel.roles,
        }).effect === 'allow',
    )
    .map(({ id, title }) => ({ id, title }));
  return { installation, permissions: describePermissions(manifest), panels };
}

/** An installation's config with the schema of its version (secrets are masked by the view). */
export async function readConfig(
  deps: AccessDeps,
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<{ installation: Installation; manifest: PluginManifest }> {
  await admit(deps, 'installation.config.read', ask);
  return load(deps, ask.tenantId, ask.pluginId);
}

export interface HealthReport extends InstallationHealth, HealthVerdict {
  readonly state: InstallationState;
  readonly runtime: RuntimeStatus;
  /** Events waiting in the dead-letter queue; 0 before the first enable. */
  readonly deadLetters: number;
  readonly lastError?: InstallationError;
}

/** An installation's state, what its runtime says, its dead letters and its check history. */
export async function installationHealth(
  deps: AccessDeps & {
    readonly runtime: Pick<PluginRuntime, 'status'>;
    readonly subscriptions: Pick<SubscriptionWiring, 'deadLetters'>;
  },
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<HealthReport> {
  await admit(deps, 'installation.health', ask);
  const { installation } = await load(deps, ask.tenantId, ask.pluginId);
  const runtime = await deps.runtime.status(installation.installationId);
  const queues = deadLetterQueues(installation);
  const deadLetters = queues ? (await deps.subscriptions.deadLetters(queues)).waiting : 0;
  return {
    state: installation.state,
    runtime,
    ...installation.health,
    // Counted now, not as of the last round.
    deadLetters,
    ...healthVerdict(
      installation.state,
      installation.health.consecutiveFailures,
      deadLetters,
      installation.health.asleepSince,
    ),
    lastError: installation.lastError,
  };
}
