import { describe, expect, it } from 'vitest';
import { gatewayVerifiedUser } from '../../../adapters/identity/user-tokens';
import { AuthenticationError } from '../../../core/errors';

const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool';
const audience = 'console-client';
const now = Date.parse('2026-12-01T09:00:00Z');
const authenticate = gatewayVerifiedUser({ issuer, audience, now: () => now });

// What API Gateway's Cognito authorizer passes in requestContext.authorizer.claims: all strings.
const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  iss: issuer,
  aud: audience,
  token_use: 'id',
  exp: String(now / 1000 + 600),
  'custom:tenant_id': 'clinic-a',
  'cognito:groups': 'plugin_manager,audit_viewer',
  ...overrides,
});

describe('users verified by API Gateway’s Cognito authorizer', () => {
  it('reads the tenant and roles from the verified claims, in every shape API Gateway sends groups', async () => {
    for (const groups of [
      'plugin_manager,audit_viewer',
      '[plugin_manager audit_viewer]',
      ['plugin_manager', 'audit_viewer'],
    ]) {
      expect(await authenticate(undefined, claims({ 'cognito:groups': groups }))).toEqual({
        kind: 'user',
        subject: 'user-1',
        tenantId: 'clinic-a',
        roles: ['plugin_manager', 'audit_viewer'],
      });
    }
    expect(await authenticate(undefined, claims({ 'cognito:groups': 'platform_admin' }))).toEqual({
      kind: 'platform_admin',
      subject: 'user-1',
    });
  });

  it.each([
    ['no claims at all (the authorizer did not run)', undefined, /bearer token is required/],
    ['another pool', claims({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/other' }), /iss claim/],
    ['another app client', claims({ aud: 'someone-else' }), /aud claim/],
    ['an access token', claims({ token_use: 'access' }), /ID token is required/],
    ['an expired token', claims({ exp: String(now / 1000 - 1) }), /expired/],
    ['an unreadable expiry', claims({ exp: 'soon' }), /expired/],
    ['no tenant', claims({ 'custom:tenant_id': undefined }), /not bound to a tenant/],
  ])('refuses %s', async (_, given, reason) => {
    const refusal = authenticate('Bearer ignored', given);
    await expect(refusal).rejects.toBeInstanceOf(AuthenticationError);
    await expect(refusal).rejects.toThrow(reason);
  });
});
