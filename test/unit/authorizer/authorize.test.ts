import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../../core/errors';
import { authorizePlugin } from '../../../functions/authorizer/authorize';

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
      Resource: [
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/canonical/events',
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/operator/*',
        'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/proxy',
      ],
    });
  });

  it.each(['Bearer bad', 'good', ''])('answers Unauthorized (401) for %j', async (header) => {
    await expect(
      authorizePlugin({ type: 'TOKEN', authorizationToken: header, methodArn }, verifier),
    ).rejects.toThrow(/^Unauthorized$/);
  });
});
