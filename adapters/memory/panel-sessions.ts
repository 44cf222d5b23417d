import { randomUUID } from 'node:crypto';
import { errors, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { AuthenticationError } from '../../core/errors';
import { PANEL_SESSION_LIFETIME_SECONDS, type PanelGrant, type PanelSessions } from '../../core/ports';

const ISSUER = 'vivified';
/** Its own audience: a panel session is never a plugin credential, an operator call or a user token. */
const AUDIENCE = 'vivified-panel';
const CLOCK_TOLERANCE_SECONDS = 5;
const REQUIRED = [
  'sub',
  'exp',
  'iat',
  'jti',
  'vivified:tenant',
  'vivified:plugin',
  'vivified:installation',
  'vivified:panel',
];

/**
 * Panel sessions signed in process: ES256 JWTs under a key pair made for this instance, so a
 * session of another instance (or tenant's forgery) never verifies. jose does the signing and
 * every check; nothing here parses a token.
 */
export function memoryPanelSessions(): PanelSessions {
  const keys = generateKeyPair('ES256');
  return {
    async open(grant, now = Date.now()) {
      const iat = Math.floor(now / 1000);
      const exp = iat + PANEL_SESSION_LIFETIME_SECONDS;
      const token = await new SignJWT({
        'vivified:tenant': grant.tenantId,
        'vivified:plugin': grant.pluginId,
        'vivified:installation': grant.installationId,
        'vivified:panel': grant.panelId,
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(grant.subject)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign((await keys).privateKey);
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token, now = Date.now()): Promise<PanelGrant> {
      if (!token) throw new AuthenticationError('A panel session is required.');
      try {
        const { payload } = await jwtVerify(token, (await keys).publicKey, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['ES256'],
          requiredClaims: REQUIRED,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now),
        });
        return {
          tenantId: String(payload['vivified:tenant']),
          pluginId: String(payload['vivified:plugin']),
          installationId: String(payload['vivified:installation']),
          panelId: String(payload['vivified:panel']),
          subject: String(payload.sub),
        };
      } catch (error) {
        const reason =
          error instanceof errors.JWTExpired
            ? 'the panel session has expired'
            : error instanceof errors.JWSSignatureVerificationFailed
              ? 'the panel session signature is invalid'
              : 'the panel session is malformed or not verifiable';
        throw new AuthenticationError(`Authentication failed: ${reason}.`);
      }
    },
  };
}
