import { createRemoteJWKSet } from 'jose';
import { gatewayVerifiedUser, userTokenVerifier } from '../../../adapters/identity/user-tokens';
import type { UserAuthentication } from '../../../core/ports';
import type { PlatformConfig } from './config';

/**
 * Who the user is. Deployed, API Gateway's Cognito authorizer verifies the user's token and the
 * functions, in isolated subnets, read what it verified; with a JWKS URL set (a setup with a route
 * to it), they verify the token themselves instead; in process (`vivified dev`, tests) against
 * the development issuer's keys.
 */
export const userAuthentication = (
  config: Pick<PlatformConfig, 'jwtIssuer' | 'jwtAudience' | 'jwksUrl' | 'userTokenKeys'>,
): UserAuthentication => {
  const keys =
    config.userTokenKeys ?? (config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined);
  return keys
    ? userTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience, keys })
    : gatewayVerifiedUser({ issuer: config.jwtIssuer, audience: config.jwtAudience });
};
