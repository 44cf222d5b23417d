import { NotFoundError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { InstallationAction, Principal } from '../../core/policy';
import type { CatalogStore, InstallationStore } from '../../core/ports';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';

/** Who asks for what on one of a tenant's installations (or its list, when no plugin is named). */
export interface InstallationAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  /** Absent for what concerns the tenant's installations as a whole (the list). */
  readonly pluginId?: string;
  readonly traceId: string;
}

export interface AccessDeps {
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
}

/** The actor a change is recorded as updated by. */
export const subjectOf = (principal: Principal) =>
  principal.kind === 'plugin' ? principal.installationId : principal.subject;

/** Decides on the installation (or the tenant's list) and audits the decision; a denial throws. */
export function admit(
  deps: Pick<AccessDeps, 'audit' | 'metrics'>,
  action: InstallationAction,
  ask: InstallationAsk,
) {
  const { principal, tenantId, pluginId, traceId } = ask;
  return guard(deps).authorize(
    principal,
    action,
    { tenantId, pluginId },
    {
      traceId,
      target: pluginId
        ? { kind: 'installation', id: `${tenantId}/${pluginId}` }
        : { kind: 'tenant', id: tenantId },
    },
  );
}

/** The installation and the manifest of its version; a 404 when either is gone. */
export async function load(
  deps: Pick<AccessDeps, 'installations' | 'catalog'>,
  tenantId: string,
  pluginId: string,
): Promise<{ installation: Installation; manifest: PluginManifest }> {
  const installation = await deps.installations.get(tenantId, pluginId);
  if (!installation) throw new NotFoundError(`Plugin ${pluginId} is not installed for tenant ${tenantId}.`);
  const manifest = await deps.catalog.getManifest(pluginId, installation.pluginVersion);
  if (!manifest)
    throw new NotFoundError(`Plugin ${pluginId}@${installation.pluginVersion} is no longer in the catalog.`);
  return { installation, manifest };
}

/** Records what an allowed lifecycle action did, as `<action>.completed` with the resulting state. */
export const recordChange = (
  deps: Pick<AccessDeps, 'audit'>,
  action: InstallationAction,
  ask: InstallationAsk,
  installation: Installation,
  reason: string,
) =>
  guard(deps).record(ask.principal, `${action}.completed`, {
    traceId: ask.traceId,
    target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
    reasons: [reason],
    details: { state: installation.state, rev: installation.rev, version: installation.pluginVersion },
  });
