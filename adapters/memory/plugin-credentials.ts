import { randomUUID } from 'node:crypto';
import { errors, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { AuthenticationError } from '../../core/errors';
import type { PluginCredentials, PluginIdentity } from '../../core/ports';

export interface MemoryPluginCredentialOptions {
  /** @default 'vivified' */
  readonly issuer?: string;
  /** @default 'vivified-lanes' */
  readonly audience?: string;
  /** @default 3600 */
  readonly lifetimeSeconds?: number;
}

const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Plugin credentials signed in process: the same RS256 JWTs with the same claims as the KMS-signed
 * ones, under a key pair made for this instance (so another instance's credentials never verify),
 * and the same refusals.
 */
export function memoryPluginCredentials(options: MemoryPluginCredentialOptions = {}): PluginCredentials {
  const issuer = options.issuer ?? 'vivified';
  const audience = options.audience ?? 'vivified-lanes';
  const keys = generateKeyPair('RS256');

  return {
    async issue(identity, now = Date.now()) {
      const iat = Math.floor(now / 1000);
      const exp = iat + (options.lifetimeSeconds ?? 3600);
      const token = await new SignJWT({
        'vivified:tenant': identity.tenantId,
        'vivified:plugin': identity.pluginId,
        'vivified:version': identity.pluginVersion,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(identity.installationId)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign((await keys).privateKey);
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token, now = Date.now()): Promise<PluginIdentity> {
      if (!token) throw new AuthenticationError('A plugin credential is required.');
      try {
        const { payload } = await jwtVerify(token, (await keys).publicKey, {
          issuer,
          audience,
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp', 'iat', 'vivified:tenant', 'vivified:plugin', 'vivified:version'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now),
        });
        return {
          tenantId: String(payload['vivified:tenant']),
          installationId: String(payload.sub),
          pluginId: String(payload['vivified:plugin']),
          pluginVersion: String(payload['vivified:version']),
          expiresAt: (payload.exp ?? 0) * 1000,
        };
      } catch (error) {
        const reason =
          error instanceof errors.JWTExpired
            ? 'the plugin credential has expired'
            : error instanceof errors.JWSSignatureVerificationFailed
              ? 'the plugin credential signature is invalid'
              : error instanceof errors.JOSEAlgNotAllowed
                ? 'the plugin credential uses an algorithm that is not accepted'
                : 'the plugin credential is malformed or not verifiable';
        throw new AuthenticationError(`Authentication failed: ${reason}.`);
      }
    },
  };
}
