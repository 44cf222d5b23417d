import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { LaneIdentity, PluginIdentity } from '../../core/ports';
import { ROUTES } from '../routes';

/**
 * The plugin routes as execute-api resource paths (`METHOD/path`, each `{parameter}` a wildcard),
 * derived from the route table so a plugin route added there is allowed here without a second edit.
 */
export const pluginRoutePatterns: readonly string[] = ROUTES.filter((route) => route.caller === 'plugin').map(
  (route) => `${route.method}${route.path.replace(/\{\w+\}/g, '*')}`,
);

/**
 * The plugin-credential authorizer for API Gateway's plugin routes (a TOKEN authorizer, so API
 * Gateway caches the answer per credential). It only establishes who is calling: the verified
 * identity travels to the lane in the authorizer context, and the lane still decides everything.
 * Allowing all plugin routes of this API (not just the one invoked) keeps a cached answer valid
 * for every lane the same credential uses.
 */
export async function authorizePlugin(
  event: APIGatewayTokenAuthorizerEvent,
  verifier: LaneIdentity,
): Promise<APIGatewayAuthorizerResult> {
  const token = /^Bearer (\S+)$/.exec(event.authorizationToken ?? '')?.[1];
  let identity: PluginIdentity;
  try {
    identity = await verifier.verify(token);
  } catch {
    // API Gateway answers 401 for exactly this error message.
    throw new Error('Unauthorized');
  }
  const [arn, stage] = event.methodArn.split('/');
  return {
    principalId: identity.installationId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: pluginRoutePatterns.map((route) => `${arn}/${stage}/${route}`),
        },
      ],
    },
    context: {
      tenantId: identity.tenantId,
      installationId: identity.installationId,
      pluginId: identity.pluginId,
      pluginVersion: identity.pluginVersion,
    },
  };
}
