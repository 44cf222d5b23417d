import { AuthenticationError, PolicyDeniedError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { OPERATOR_CALL_HEADERS } from '../../core/lanes/operator-claims';
import { isRunning } from '../../core/lifecycle';
import type { PluginPrincipal } from '../../core/policy';
import type { LaneIdentity } from '../../core/ports';
import { PLATFORM_TENANT_ID } from '../../core/tenancy';
import type { ControlPlane } from '../shared/control-plane';
import type { HttpRequest } from '../shared/http';

type Plane = Pick<ControlPlane, 'installations' | 'catalog' | 'audit'>;

/**
 * The calling plugin, from its verified credential only. The credential must still match the
 * installation on record (an uninstall and reinstall issues a new id), and the installation must
 * be running: a Disabled or Failed plugin whose process lingers cannot use the lanes.
 * Tenant or plugin ids the caller sends in headers are ignored; a mismatch is audited.
 */
export async function pluginPrincipal(
  plane: Plane,
  identity: LaneIdentity,
  request: HttpRequest,
): Promise<{ principal: PluginPrincipal; installation: Installation }> {
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  const refuse = async (error: AuthenticationError): Promise<never> => {
    // No verified tenant yet: the refusal goes to the platform's chain.
    await plane.audit.append({
      tenantId: PLATFORM_TENANT_ID,
      actor: { kind: 'plugin', id: 'unauthenticated' },
      action: request.route.action,
      target: { kind: 'route', id: `${request.route.method} ${request.route.path}` },
      decision: 'deny',
      reasons: [error.message],
      traceId: request.traceId,
    });
    throw error;
  };
  const claims = await identity.verify(bearer).catch((error: unknown) => {
    if (error instanceof AuthenticationError) return refuse(error);
    throw error;
  });
  const installation = await plane.installations.get(claims.tenantId, claims.pluginId);
  if (!installation || installation.installationId !== claims.installationId) {
    return refuse(
      new AuthenticationError(
        'Authentication failed: the credential belongs to an installation that no longer exists.',
      ),
    );
  }
  const manifest = await plane.catalog.getManifest(installation.pluginId, installation.pluginVersion);
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
  // The names the operator lane gives the identity it forwards: a plugin sending them itself is noted.
  const claimedTenant = request.headers[OPERATOR_CALL_HEADERS.tenant];
  const claimedCaller = request.headers[OPERATOR_CALL_HEADERS.caller];
  if (
    (claimedTenant && claimedTenant !== principal.tenantId) ||
    (claimedCaller && claimedCaller !== principal.pluginId)
  ) {
    await plane.audit.append({
      tenantId: principal.tenantId,
      actor: { kind: 'plugin', id: principal.installationId },
      action: 'identity.mismatch',
      target: { kind: 'route', id: `${request.route.method} ${request.route.path}` },
      decision: 'deny',
      reasons: ['caller-supplied identity headers disagree with the verified credential; they were ignored'],
      traceId: request.traceId,
      details: { claimedTenant, claimedCaller },
    });
  }
  if (!isRunning(installation.state)) {
    const reasons = [
      `the calling installation is ${installation.state}; only running installations use the lanes`,
    ];
    await plane.audit.append({
      tenantId: principal.tenantId,
      actor: { kind: 'plugin', id: principal.installationId },
      action: request.route.action,
      target: { kind: 'route', id: `${request.route.method} ${request.route.path}` },
      decision: 'deny',
      reasons,
      traceId: request.traceId,
    });
    throw new PolicyDeniedError(reasons[0]!, reasons);
  }
  return { principal, installation };
}
