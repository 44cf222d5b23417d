import { type PluginPrincipalDeps, pluginPrincipal } from '../../application/lanes/plugin-principal';
import type { LaneIdentity } from '../../core/ports';
import type { HttpRequest } from '../shared/http';
import { laneCallOf } from './lane-call';

/**
 * The verified caller of a lane request, which from here on is counted in its installation's lane
 * metrics (functions/shared/http.ts): refusals and failures after this point are its errors.
 */
export async function laneCaller(deps: PluginPrincipalDeps, identity: LaneIdentity, request: HttpRequest) {
  const verified = await pluginPrincipal(deps, identity, laneCallOf(request));
  request.attribute({
    tenantId: verified.principal.tenantId,
    installationId: verified.principal.installationId,
  });
  return verified;
}
