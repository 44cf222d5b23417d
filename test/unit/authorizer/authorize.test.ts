import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../../core/errors';
import { authorizePlugin } from '../../../functions/authorizer/authorize';
import { ROUTES } from '../../../functions/routes';

const methodArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/proxy';
const identity = {
  tenantId: 'clinic-a',
  installationId: 'inst-1',
  pluginId: 'notifier',
  pluginVersion: '1.0.0',
  expiresAt: 0,
};
const verifier = {
  verify: async (token: string | undefined) => {
    if (token !== 'good') throw new AuthenticationError('bad credential');
    return identity;
  },
};

describe('the plugin-credential authorizer', () => {
  it('allows the plugin routes for a verified credential and passes the identity on', async () => {
    const result = await authorizePlugin(
      { type: 'TOKEN', authorizationToken: 'Bearer good', methodArn },
      verifier,
    );

    expect(result.principalId).toBe('inst-1');
    expect(result.context).toEqual({
      tenantId: 'clinic-a',
      installationId: 'inst-1',
      pluginId: 'notifier',
      pluginVersion: '1.0.0',
    });
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: expect.arrayContaining([
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/canonical/events',
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/operator/*/*',
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/proxy',
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/v1/self/config',
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/self/credential',
      ]),
    });
  });

  it('allows every plugin route of the route table and no route of people', async () => {
    const { policyDocument } = await authorizePlugin(
      { type: 'TOKEN', authorizationToken: 'Bearer good', methodArn },
      verifier,
    );
    const allowed = (policyDocument.Statement[0] as { Resource: string[] }).Resource;
    // As API Gateway matches a cached policy against the invoked method's ARN: `*` spans any characters.
    const matches = (invoked: string) =>
      allowed.some((pattern) =>
        new RegExp(
          `^${pattern
            .split('*')
            .map((part) => part.replace(/[.?+^$()|[\]\\{}]/g, '\\$&'))
            .join('.*')}$`,
        ).test(invoked),
      );
    const invokedArn = (route: (typeof ROUTES)[number]) =>
      `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/${route.method}${route.path.replace(/\{\w+\}/g, 'x1')}`;

    for (const route of ROUTES) {
      expect(matches(invokedArn(route)), `${route.method} ${route.path}`).toBe(route.caller === 'plugin');
    }
  });

  it.each(['Bearer bad', 'good', ''])('answers Unauthorized (401) for %j', async (header) => {
    await expect(
      authorizePlugin({ type: 'TOKEN', authorizationToken: header, methodArn }, verifier),
    ).rejects.toThrow(/^Unauthorized$/);
  });
});
