import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { installationsApi } from '../../functions/installations/api';
import { lifecycleApi } from '../../functions/lifecycle/api';
import { findRoute } from '../../functions/routes';
import type { ControlPlane } from '../../functions/shared/control-plane';

/**
 * The installation routes of both areas behind one handler, for tests that read and change
 * installations in one breath. Each request is served by the area's own handler, as API Gateway
 * sends it to that area's function deployed, and `call()` plays that function for the IAM harness.
 */
export function installationRoutes(plane: ControlPlane) {
  const reads = installationsApi(plane);
  const changes = lifecycleApi(plane);
  return (event: APIGatewayProxyEvent, context: Context) =>
    (findRoute(event.httpMethod, event.resource)?.area === 'lifecycle' ? changes : reads)(event, context);
}
