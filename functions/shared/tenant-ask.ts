import { authenticated } from './authenticate';
import type { ControlPlane } from './control-plane';
import type { HttpRequest } from './http';

/** The caller and the tenant a route names: what every tenant-scoped action is asked with. */
export const tenantAsk = async (
  plane: Pick<ControlPlane, 'authenticate' | 'audit' | 'metrics'>,
  request: HttpRequest,
) => ({
  principal: await authenticated(plane, request),
  tenantId: request.params.tenantId ?? '',
  traceId: request.traceId,
});

/** The caller and the installation a route names. */
export const installationAsk = async (
  plane: Pick<ControlPlane, 'authenticate' | 'audit' | 'metrics'>,
  request: HttpRequest,
) => ({ ...(await tenantAsk(plane, request)), pluginId: request.params.pluginId ?? '' });
