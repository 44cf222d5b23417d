import { randomUUID } from 'node:crypto';
import { errors, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { AuthenticationError } from '../../core/errors';
import { PANEL_SESSION_LIFETIME_SECONDS, type PanelGrant, type PanelSessions } from '../../core/ports';

const ISSUER = 'vivified';
/** Its own audience: a panel session is never a plugin credential, an operator call or a user token. */
const AUDIENCE = 'vivified-panel';
const ALGORITHM = 'ES256';
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

/** The key pair sessions are signed and verified with (jose `KeyLike`s). */
export interface PanelSessionKeys {
  readonly privateKey: SigningKey;
  readonly publicKey: SigningKey;
}

type SigningKey = Parameters<SignJWT['sign']>[0];

/**
 * Panel sessions as ES256 JWTs under one key pair. jose does the signing and every check; nothing
 * here parses a token. The keys arrive as a promise so a deployed function reads its secret once,
 * at the first session it signs or verifies, not at every cold start of a function that never does.
 */
export function signedPanelSessions(keys: () => Promise<PanelSessionKeys>): PanelSessions {
  let loaded: Promise<PanelSessionKeys> | undefined;
  const keysOnce = () => {
    // A failed read is forgotten, so the next request tries again rather than failing for the container's life.
    loaded ??= keys().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
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
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(grant.subject)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign((await keysOnce()).privateKey);
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token, now = Date.now()): Promise<PanelGrant> {
      if (!token) throw new AuthenticationError('A panel session is required.');
      const { publicKey } = await keysOnce();
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: [ALGORITHM],
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
              : error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud'
                ? 'the token is not a panel session'
                : 'the panel session is malformed or not verifiable';
        throw new AuthenticationError(`Authentication failed: ${reason}.`);
      }
    },
  };
}

/**
 * The deployed key: a private P-256 JWK kept in Secrets Manager, the same in every container, so
 * a session the installations function signs verifies in the operator function that serves it.
 */
export async function panelSessionKeysFromJwk(jwk: JWK): Promise<PanelSessionKeys> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') {
    throw new Error('The panel session key must be a private P-256 JWK (ES256).');
  }
  const { d: _private, kid: _kid, alg: _alg, ...publicJwk } = jwk;
  const [privateKey, publicKey] = await Promise.all([
    importJWK({ ...jwk, alg: ALGORITHM }, ALGORITHM),
    importJWK({ ...publicJwk, alg: ALGORITHM }, ALGORITHM),
  ]);
  return { privateKey, publicKey };
}
