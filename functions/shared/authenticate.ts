import { AuthenticationError } from '../../core/errors';
import { PLATFORM_TENANT_ID } from '../../core/tenancy';
import type { ControlPlane } from './control-plane';
import type { HttpRequest } from './http';

/**
 * The caller's identity, from the verified bearer token (or the claims API Gateway verified) only. A failure is audited in the
 * platform's chain (the caller has no verified tenant) and answered 401.
 */
export async function authenticated(
  plane: Pick<ControlPlane, 'authenticate' | 'audit'>,
  request: HttpRequest,
) {
  try {
    return await plane.authenticate(request.headers.authorization, request.verifiedClaims);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    await plane.audit.append({
      tenantId: PLATFORM_TENANT_ID,
      actor: { kind: 'user', id: 'unauthenticated' },
      action: request.route.action,
      target: { kind: 'route', id: `${request.route.method} ${request.route.path}` },
      decision: 'deny',
      reasons: [error.message],
      traceId: request.traceId,
      details: { params: request.params },
    });
    throw error;
  }
}
