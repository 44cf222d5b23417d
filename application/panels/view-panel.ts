import { AuthenticationError, UpstreamError } from '../../core/errors';
import { OPERATOR_CALL_HEADERS } from '../../core/lanes/operator-claims';
import { isRunning } from '../../core/lifecycle';
import type { UserPrincipal } from '../../core/policy';
import type {
  CatalogStore,
  InstallationStore,
  OperatorCallSigner,
  PanelSessions,
  PluginCaller,
  PluginEndpoints,
} from '../../core/ports';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';

/**
 * The operator-lane caller a panel call carries. Not a plugin id (plugin ids have no colon), so a
 * plugin can never mistake the console for another plugin, nor another plugin for the console.
 */
export const PANEL_CALLER = 'vivified:console';

/** A panel's answer is one HTML page: bounded like an operator answer. */
const MAX_PANEL_BYTES = 1024 * 1024;
const PANEL_TIMEOUT_MS = 10_000;

export interface ViewPanelDeps {
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly panelSessions: Pick<PanelSessions, 'verify'>;
  readonly signer: OperatorCallSigner;
  readonly endpoints: PluginEndpoints;
  readonly callPlugin: PluginCaller;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
}

export interface ViewPanelAsk {
  /** The session as POSTed; absent, forged, expired or another audience is a 401. */
  readonly session: string | undefined;
  /** The panel the request's path names: the session must be bound to exactly this one. */
  readonly tenantId: string;
  readonly pluginId: string;
  readonly panelId: string;
  readonly traceId: string;
}

/**
 * Serves one console panel: the session is verified first (nothing about the path is looked at
 * for a caller without one), must be bound to the tenant, plugin and panel the path names and to
 * the installation still installed, then the plugin's panel operation is called as an operator
 * call, signed like any other, and its `{ html }` handed back. Every outcome is audited as
 * `panel.view` in the tenant's chain, with the panel and the user the session names.
 */
export async function viewPanel(deps: ViewPanelDeps, ask: ViewPanelAsk): Promise<string> {
  const policy = guard(deps);
  const { tenantId, pluginId, panelId, traceId } = ask;
  const target = { kind: 'installation', id: `${tenantId}/${pluginId}` };
  const grant = await deps.panelSessions.verify(ask.session).catch((error: unknown) =>
    policy.refuse({
      kind: 'authentication',
      caller: 'user',
      action: 'panel.view',
      traceId,
      target,
      error: error as AuthenticationError,
    }),
  );
  const principal: UserPrincipal = {
    kind: 'user',
    subject: grant.subject,
    tenantId: grant.tenantId,
    roles: [],
  };
  const audited = { traceId, target, details: { panel: panelId } };
  const refuse = (reason: string) =>
    policy.refuse({
      kind: 'authentication',
      caller: 'user',
      action: 'panel.view',
      ...audited,
      error: new AuthenticationError(`Authentication failed: ${reason}.`),
    });
  if (grant.tenantId !== tenantId || grant.pluginId !== pluginId || grant.panelId !== panelId) {
    return refuse('the panel session was opened for another panel');
  }
  const installation = await deps.installations.get(tenantId, pluginId);
  // Uninstalled and installed again is another installation: its panels need a session of their own.
  if (!installation || installation.installationId !== grant.installationId) {
    return refuse('the panel session was opened for an installation that is no longer installed');
  }
  const manifest = await deps.catalog.getManifest(pluginId, installation.pluginVersion);
  const panel = manifest?.ui?.panels?.find((candidate) => candidate.id === panelId);
  const exposed = panel && manifest?.operations?.exposes?.[panel.operation];
  if (!manifest || !exposed) {
    return policy.refuse({
      kind: 'policy',
      principal,
      action: 'panel.view',
      ...audited,
      reasons: ['the installed version shows no such panel'],
    });
  }
  if (!isRunning(installation.state)) {
    return policy.refuse({
      kind: 'policy',
      principal,
      action: 'panel.view',
      ...audited,
      reasons: [`${pluginId} is not running (${installation.state})`],
    });
  }
  await policy.record(principal, 'panel.view', {
    ...audited,
    reasons: ['the panel session is valid for this panel'],
  });
  const endpoint = await deps.endpoints.endpointOf({
    installationId: installation.installationId,
    manifest,
    wakeWithinMs: PANEL_TIMEOUT_MS,
  });
  if (!endpoint) throw new UpstreamError(`${pluginId} has no reachable endpoint.`, 502);
  const signature = await deps.signer.sign({
    tenantId,
    callerPluginId: PANEL_CALLER,
    callerInstallationId: `user:${grant.subject}`,
    targetInstallationId: installation.installationId,
    operation: panel.operation,
    traceId,
    body: '',
  });
  const answer = await deps
    .callPlugin(`${endpoint}${exposed.path}`, {
      method: exposed.method,
      headers: {
        [OPERATOR_CALL_HEADERS.caller]: PANEL_CALLER,
        [OPERATOR_CALL_HEADERS.tenant]: tenantId,
        [OPERATOR_CALL_HEADERS.traceId]: traceId,
        [OPERATOR_CALL_HEADERS.signature]: signature,
      },
      timeoutMs: PANEL_TIMEOUT_MS,
      maxResponseBytes: MAX_PANEL_BYTES,
    })
    .catch((error: unknown) => {
      deps.endpoints.forget(installation.installationId);
      throw error;
    });
  return htmlOf(answer.status, answer.body, pluginId);
}

/** The panel operation answers `{ "html": "…" }` (docs/panels.md); anything else is the plugin's fault. */
function htmlOf(status: number, body: string, pluginId: string): string {
  if (status !== 200) throw new UpstreamError(`${pluginId}'s panel answered ${status}.`, 502);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamError(`${pluginId}'s panel did not answer JSON.`, 502);
  }
  const html = (parsed as { html?: unknown } | null)?.html;
  if (typeof html !== 'string')
    throw new UpstreamError(`${pluginId}'s panel answer has no "html" string.`, 502);
  return html;
}
