import { AuthenticationError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { isRunning } from '../../core/lifecycle';
import type { PluginPrincipal } from '../../core/policy';
import type { CatalogStore, InstallationStore, LaneIdentity } from '../../core/ports';
import type { Attempt } from '../attempt';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';

export interface PluginPrincipalDeps {
  readonly installations: Pick<InstallationStore, 'get'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
}

/** A plugin's call on a lane: its credential, and what it claims about itself (which is never believed). */
export interface LaneCall extends Attempt {
  /** The bearer credential, when the call carries one. */
  readonly credential?: string;
  /** Identity the operator lane forwards, which a plugin sending it itself is noted for. */
  readonly claimed: { readonly tenant?: string; readonly caller?: string };
}

/**
 * The calling plugin, from its verified credential only. The credential must still match the
 * installation on record (an uninstall and reinstall issues a new id), and the installation must
 * be running: a Disabled or Failed plugin whose process lingers cannot use the lanes.
 * Tenant or plugin ids the caller sends are ignored; a mismatch is audited.
 */
export async function pluginPrincipal(
  deps: PluginPrincipalDeps,
  identity: LaneIdentity,
  call: LaneCall,
): Promise<{ principal: PluginPrincipal; installation: Installation }> {
  const policy = guard(deps);
  const attempt = { action: call.action, target: call.route, traceId: call.traceId };
  const unauthenticated = (error: AuthenticationError) =>
    policy.refuse({ kind: 'authentication', caller: 'plugin', error, ...attempt });
  const claims = await identity.verify(call.credential).catch((error: unknown) => {
    if (error instanceof AuthenticationError) return unauthenticated(error);
    throw error;
  });
  const installation = await deps.installations.get(claims.tenantId, claims.pluginId);
  if (!installation || installation.installationId !== claims.installationId) {
    return unauthenticated(
      new AuthenticationError(
        'Authentication failed: the credential belongs to an installation that no longer exists.',
      ),
    );
  }
  const manifest = await deps.catalog.getManifest(installation.pluginId, installation.pluginVersion);
  if (!manifest)
    throw new AuthenticationError(
      'Authentication failed: the installed plugin version is not in the catalog.',
    );
  const principal: PluginPrincipal = {
    kind: 'plugin',
    tenantId: installation.tenantId,
    installationId: installation.installationId,
    pluginId: installation.pluginId,
    manifest,
  };
  const { tenant: claimedTenant, caller: claimedCaller } = call.claimed;
  if (
    (claimedTenant && claimedTenant !== principal.tenantId) ||
    (claimedCaller && claimedCaller !== principal.pluginId)
  ) {
    await policy.disregard(principal, 'identity.mismatch', {
      traceId: call.traceId,
      target: call.route,
      reasons: ['caller-supplied identity headers disagree with the verified credential; they were ignored'],
      details: { claimedTenant, claimedCaller },
    });
  }
  if (!isRunning(installation.state)) {
    return policy.refuse({
      kind: 'policy',
      principal,
      ...attempt,
      reasons: [
        `the calling installation is ${installation.state}; only running installations use the lanes`,
      ],
    });
  }
  return { principal, installation };
}
