import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayVerifiedUser } from '../../../adapters/identity/user-tokens';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { tenantsApi } from '../../../functions/tenants/api';
import { apiEvent, lambdaContext, route } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { uniqueName } from '../../support/unique';

const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test';
const audience = 'console-client';

/** The event API Gateway sends after its Cognito authorizer accepted the caller's ID token. */
function authorizedEvent(
  claims: Record<string, string> | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const event = apiEvent(route(method, path), { body });
  return {
    ...event,
    requestContext: { ...event.requestContext, ...(claims ? { authorizer: { claims } } : {}) },
  } as APIGatewayProxyEvent;
}

describe('deployed user routes: the claims API Gateway’s Cognito authorizer verified', () => {
  let platform: TestPlatform;
  let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
  const operator = {
    sub: 'ops-1',
    iss: issuer,
    aud: audience,
    token_use: 'id',
    exp: String(Math.floor(Date.now() / 1000) + 600),
    'cognito:groups': 'platform_admin',
  };

  beforeAll(async () => {
    platform = await testPlatform({ authenticate: gatewayVerifiedUser({ issuer, audience }) });
    handler = tenantsApi(platform.plane) as typeof handler;
  });

  it('acts as the verified user, with no bearer token to verify again', async () => {
    const id = uniqueName('tenant', 30);
    const created = await handler(
      authorizedEvent(operator, 'POST', '/v1/tenants', { id, name: 'A' }),
      lambdaContext(),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(await platform.plane.tenants.get(id)).toMatchObject({ id });
  });

  it('refuses, and audits, a request the authorizer did not vouch for or one for another app client', async () => {
    for (const claims of [undefined, { ...operator, aud: 'another-client' }]) {
      const answer = await handler(
        authorizedEvent(claims, 'POST', '/v1/tenants', { id: uniqueName('tenant', 30), name: 'B' }),
        lambdaContext(),
      );
      expect(answer.statusCode).toBe(401);
    }
    const denials = await platform.plane.audit.query(PLATFORM_TENANT_ID, { action: 'tenant.create' }, 100);
    expect(denials.items.filter((r) => r.decision === 'deny')).toHaveLength(2);
  });
});
