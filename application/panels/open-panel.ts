import { NotFoundError } from '../../core/errors';
import type { Principal } from '../../core/policy';
import type { CatalogStore, InstallationStore, PanelSessions } from '../../core/ports';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';

export interface OpenPanelDeps {
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly panelSessions: Pick<PanelSessions, 'open'>;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
  readonly now: () => Date;
}

export interface OpenPanelAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly pluginId: string;
  readonly panelId: string;
  readonly traceId: string;
}

/** What the console frames: the session, and when the console must open a fresh one. */
export interface OpenedPanel {
  readonly session: string;
  readonly expiresAt: string;
}

/**
 * Opens one of an installation's console panels for the asking user: `decide` with the roles the
 * installed version's manifest shows the panel to, audited either way, then a short-lived session
 * bound to tenant, user, installation and panel. The panel's existence is looked up before the
 * decision but told only after it: an unknown panel is decided as one shown to no role beyond
 * admin, so a user who may not see it cannot learn whether it exists.
 */
export async function openPanel(deps: OpenPanelDeps, ask: OpenPanelAsk): Promise<OpenedPanel> {
  const { principal, tenantId, pluginId, panelId, traceId } = ask;
  const installation = await deps.installations.get(tenantId, pluginId);
  const manifest = installation && (await deps.catalog.getManifest(pluginId, installation.pluginVersion));
  const panel = manifest?.ui?.panels?.find((candidate) => candidate.id === panelId);
  await guard(deps).authorize(
    principal,
    'installation.panel.open',
    { tenantId, pluginId, panelId, panelRoles: panel?.roles ?? [] },
    { traceId, target: { kind: 'installation', id: `${tenantId}/${pluginId}` }, details: { panel: panelId } },
  );
  if (!installation || !panel || principal.kind !== 'user') {
    throw new NotFoundError(`Plugin ${pluginId} has no console panel ${panelId} for tenant ${tenantId}.`);
  }
  const opened = await deps.panelSessions.open(
    { tenantId, pluginId, installationId: installation.installationId, panelId, subject: principal.subject },
    deps.now().getTime(),
  );
  return { session: opened.token, expiresAt: new Date(opened.expiresAt).toISOString() };
}
