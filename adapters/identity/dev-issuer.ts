import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
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

  /**
   * An issuer whose key pair lives in `keyFile` (created on first use, owner-readable only), so
   * tokens it signed stay valid when `vivified dev` restarts: a logged-in CLI profile or console
   * session survives the restart instead of failing with "signed by an unknown key".
   */
  static async persistent(keyFile: string, issuer: string, audience: string): Promise<DevIssuer> {
    const stored = (await readKey(keyFile)) ?? (await createKey(keyFile));
    const { d: _private, ...publicJwk } = stored.jwk;
    const privateKey = (await importJWK(stored.jwk, 'ES256')) as SigningKey;
    const jwk = { ...publicJwk, kid: stored.kid, alg: 'ES256', use: 'sig' };
    return new DevIssuer(issuer, audience, { keys: [jwk] }, privateKey, stored.kid);
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

interface StoredKey {
  readonly kid: string;
  /** The private ES256 key as a JWK (with `d`). */
  readonly jwk: JWK;
}

async function readKey(keyFile: string): Promise<StoredKey | undefined> {
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const stored = JSON.parse(text) as Partial<StoredKey>;
  if (typeof stored.kid !== 'string' || stored.jwk?.kty !== 'EC' || typeof stored.jwk.d !== 'string')
    throw new Error(`${keyFile} is not a development signing key; delete it to have a new one made.`);
  return stored as StoredKey;
}

/**
 * Writes a new key pair to a private temporary file, then links it into place: linking fails if
 * the file exists, so of two `vivified dev` starting at once one key wins and both use it, and no
 * reader ever sees a half-written file.
 */
async function createKey(keyFile: string): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const stored: StoredKey = { kid: randomUUID(), jwk: await exportJWK(privateKey) };
  mkdirSync(dirname(keyFile), { recursive: true });
  const temporary = `${keyFile}.${process.pid}.${randomUUID()}`;
  writeFileSync(temporary, JSON.stringify(stored), { mode: 0o600 });
  try {
    linkSync(temporary, keyFile);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readKey(keyFile))!;
  } finally {
    rmSync(temporary, { force: true });
  }
}
