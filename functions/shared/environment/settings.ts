import { createRemoteJWKSet } from 'jose';
import { gatewayVerifiedUser, userTokenVerifier } from '../../../adapters/identity/user-tokens';
import type { ControlPlane } from '../control-plane';
import { requiredSetting, setting } from './setting';

/*
 * The deployed functions' ports are built from the function's environment, one builder per port,
 * grouped in this folder by what they pull in (registry, envelope, runtime, event wiring). A
 * handler imports only the builders of the ports it uses, so its bundle and cold start carry only
 * those adapters: some dependencies (the Encryption SDK, ajv) are CommonJS, which esbuild cannot
 * tree-shake, so they must not even be imported by a function that does not use them.
 */

export const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const settingsFromEnvironment = (): ControlPlane['settings'] => ({
  apiUrl: requiredSetting('apiUrl'),
  unhealthyAfter: Number(setting('unhealthyAfter') ?? 3),
  corsOrigins: list(setting('corsOrigins')),
});

export const now = () => new Date();

/**
 * Deployed, API Gateway's Cognito authorizer verifies the user's token; the functions, in isolated
 * subnets, read what it verified. With a JWKS URL set (a setup with a route to it), they verify
 * the token themselves instead.
 */
export const authenticationFromEnvironment = (): ControlPlane['authenticate'] => {
  const jwksUrl = setting('jwksUrl');
  return jwksUrl
    ? userTokenVerifier({
        issuer: requiredSetting('jwtIssuer'),
        audience: requiredSetting('jwtAudience'),
        keys: createRemoteJWKSet(new URL(jwksUrl)),
      })
    : gatewayVerifiedUser({
        issuer: requiredSetting('jwtIssuer'),
        audience: requiredSetting('jwtAudience'),
      });
};
