import { beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../core/errors';
import type { PluginCredentials } from '../../core/ports';
import type { Make } from './fixtures';

const identity = {
  tenantId: 'clinic-a',
  installationId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  pluginId: 'ehr-sync',
  pluginVersion: '1.2.0',
};

/** What every PluginCredentials does; `make` answers two issuers with keys of their own. */
export function pluginCredentialsContract(
  implementation: string,
  make: Make<{ readonly credentials: PluginCredentials; readonly other: PluginCredentials }>,
) {
  describe(`PluginCredentials contract: ${implementation}`, () => {
    let credentials: PluginCredentials;
    let other: PluginCredentials;
    beforeAll(async () => {
      ({ credentials, other } = await make());
    });

    it('verifies what it issued as the identity it was issued for, until it expires', async () => {
      // Prepare
      const now = Date.now();

      // Act
      const issued = await credentials.issue(identity, now);
      const verified = await credentials.verify(issued.token, now + 1000);

      // Assess
      expect(verified).toEqual({ ...identity, expiresAt: issued.expiresAt });
      expect(issued.expiresAt).toBeGreaterThan(now);
      await expect(credentials.verify(issued.token, issued.expiresAt + 120_000)).rejects.toThrow(/expired/);
    });

    it('refuses a missing, malformed, altered or foreign credential', async () => {
      // Prepare
      const { token } = await credentials.issue(identity);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      const altered = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'vivified:tenant': 'clinic-b' })).toString('base64url')}.${signature}`;
      const foreign = (await other.issue(identity)).token;

      // Act
      const refused = await Promise.allSettled(
        [undefined, '', 'not-a-token', altered, foreign].map((t) => credentials.verify(t)),
      );

      // Assess
      for (const attempt of refused) {
        expect(attempt.status).toBe('rejected');
        expect(attempt.status === 'rejected' && attempt.reason).toBeInstanceOf(AuthenticationError);
      }
    });
  });
}
