import { randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import type { Role } from '../../core/policy/principal';
import { PLATFORM_ADMIN_GROUP } from './user-tokens';

type SigningKey = CryptoKey;

export interface DevUser {
  readonly subject: string;
  /** Omit for the platform admin. */
  readonly tenantId?: string;
  readonly roles?: readonly Role[];
  readonly platformAdmin?: boolean;
}

/**
 * The local stand-in for Cognito: an ES256 key pair generated at start, a JWKS to verify with, and
 * ID tokens shaped like Cognito's (`cognito:groups`, `custom:tenant_id`, `token_use: id`), so the
 * same verifier runs locally and in AWS.
 */
export class DevIssuer {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    readonly jwks: JSONWebKeySet,
    private readonly privateKey: SigningKey,
    private readonly kid: string,
  ) {}

  static async create(
    issuer = 'https://vivified.local/dev-issuer',
    audience = 'vivified-console',
  ): Promise<DevIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return new DevIssuer(issuer, audience, { keys: [jwk] }, privateKey, kid);
  }

  get keys(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks);
  }

  /** Issues an ID token; `lifetimeSeconds` may be negative to mint an expired one for tests. */
  async issue(user: DevUser, lifetimeSeconds = 3600, overrides: { audience?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const groups = user.platformAdmin ? [PLATFORM_ADMIN_GROUP] : [...(user.roles ?? [])];
    return new SignJWT({
      'cognito:groups': groups,
      ...(user.tenantId ? { 'custom:tenant_id': user.tenantId } : {}),
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setSubject(user.subject)
      .setIssuer(this.issuer)
      .setAudience(overrides.audience ?? this.audience)
      .setIssuedAt(now - Math.max(0, -lifetimeSeconds) - 60)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.privateKey);
  }
}
