import type { LaneCall } from '../../application/lanes/plugin-principal';
import { OPERATOR_CALL_HEADERS } from '../../core/lanes/operator-claims';
import type { HttpRequest } from '../shared/http';

/**
 * A lane request in the application layer's terms: the bearer credential, and the identity
 * headers the operator lane forwards, which a plugin may send itself but is never believed for.
 */
export const laneCallOf = (request: HttpRequest): LaneCall => ({
  action: request.route.action,
  route: { kind: 'route', id: `${request.route.method} ${request.route.path}` },
  traceId: request.traceId,
  credential: /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1],
  claimed: {
    tenant: request.headers[OPERATOR_CALL_HEADERS.tenant],
    caller: request.headers[OPERATOR_CALL_HEADERS.caller],
  },
});
