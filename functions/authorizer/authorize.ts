import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { LaneIdentity, PluginIdentity } from '../../core/ports';

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
          Resource: [
            `${arn}/${stage}/POST/v1/canonical/events`,
            `${arn}/${stage}/POST/v1/operator/*`,
            `${arn}/${stage}/POST/v1/proxy`,
          ],
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
