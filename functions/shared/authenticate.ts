import { authenticatedUser } from '../../application/authenticate';
import type { ControlPlane } from './control-plane';
import type { HttpRequest } from './http';

/**
 * The calling user of a request, from its verified token (application/authenticate); a failure is
 * audited in the platform's chain and answered 401.
 */
export const authenticated = (
  plane: Pick<ControlPlane, 'authenticate' | 'audit'> & Partial<Pick<ControlPlane, 'metrics'>>,
  request: HttpRequest,
) =>
  authenticatedUser(
    plane,
    { authorization: request.headers.authorization, verifiedClaims: request.verifiedClaims },
    {
      action: request.route.action,
      route: { kind: 'route', id: `${request.route.method} ${request.route.path}` },
      traceId: request.traceId,
      details: { params: request.params },
    },
  );
