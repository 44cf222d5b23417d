import { randomUUID } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { type CryptoKey, errors, importSPKI, jwtVerify } from 'jose';
import { AuthenticationError } from '../../core/errors';
import type { PluginCredentials, PluginIdentity } from '../../core/ports';
import { kms as sharedKms } from './clients';

export interface PluginCredentialOptions {
  /** KMS key (RSA_2048, SIGN_VERIFY) whose private half never leaves KMS. */
  readonly keyId: string;
  /** @default 'vivified' */
  readonly issuer?: string;
  /** @default 'vivified-lanes' */
  readonly audience?: string;
  /** @default 3600 */
  readonly lifetimeSeconds?: number;
  /** @default the process's shared client (./clients.ts) */
  readonly kms?: KMSClient;
}

const CLOCK_TOLERANCE_SECONDS = 30;
/** Verified credentials remembered per process (oldest forgotten first): one per running installation suffices. */
const MAX_REMEMBERED = 1024;

const b64url = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/**
 * Short-lived plugin credentials: RS256 JWTs signed by a KMS asymmetric key, bound to one tenant
 * and installation. KMS keeps the private key, so jose cannot sign; the compact JWS (RFC 7515) is
 * assembled here from KMS's signature and verified with jose against KMS's public key.
 */
export function pluginCredentials(options: PluginCredentialOptions): PluginCredentials {
  const issuer = options.issuer ?? 'vivified';
  const audience = options.audience ?? 'vivified-lanes';
  const kms = options.kms ?? sharedKms;
  let publicKey: Promise<CryptoKey> | undefined;
  const verified = new Map<string, PluginIdentity>();

  const key = () => {
    // One GetPublicKey per process; the promise is cached so concurrent first calls share it.
    publicKey ??= kms.send(new GetPublicKeyCommand({ KeyId: options.keyId })).then((answer) => {
      const der = Buffer.from(answer.PublicKey!).toString('base64');
      const pem = `-----BEGIN PUBLIC KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----`;
      return importSPKI(pem, 'RS256');
    });
    publicKey.catch(() => {
      publicKey = undefined;
    });
    return publicKey;
  };

  return {
    async issue(
      identity: Omit<PluginIdentity, 'expiresAt'>,
      now = Date.now(),
    ): Promise<{ token: string; expiresAt: number }> {
      const iat = Math.floor(now / 1000);
      const exp = iat + (options.lifetimeSeconds ?? 3600);
      const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
      const payload = b64url(
        JSON.stringify({
          iss: issuer,
          aud: audience,
          sub: identity.installationId,
          jti: randomUUID(),
          iat,
          exp,
          'vivified:tenant': identity.tenantId,
          'vivified:plugin': identity.pluginId,
          'vivified:version': identity.pluginVersion,
        }),
      );
      const { Signature } = await kms.send(
        new SignCommand({
          KeyId: options.keyId,
          Message: Buffer.from(`${header}.${payload}`),
          MessageType: 'RAW',
          SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
        }),
      );
      return { token: `${header}.${payload}.${b64url(Signature!)}`, expiresAt: exp * 1000 };
    },

    /**
     * Verifies a credential; any defect is an AuthenticationError naming it, never the token.
     * A credential verified before is answered from memory until it expires: the signature of an
     * unchanged token cannot become invalid, and RS256 verification is most of a lane's own cost.
     * Whether its installation still runs is checked by the caller on every request regardless.
     */
    async verify(token: string | undefined, now = Date.now()): Promise<PluginIdentity> {
      if (!token) throw new AuthenticationError('A plugin credential is required.');
      const known = verified.get(token);
      if (known && known.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000 > now) return known;
      verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, await key(), {
          issuer,
          audience,
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp', 'iat', 'vivified:tenant', 'vivified:plugin', 'vivified:version'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now),
        });
        const identity: PluginIdentity = {
          tenantId: String(payload['vivified:tenant']),
          installationId: String(payload.sub),
          pluginId: String(payload['vivified:plugin']),
          pluginVersion: String(payload['vivified:version']),
          expiresAt: (payload.exp ?? 0) * 1000,
        };
        verified.set(token, identity);
        if (verified.size > MAX_REMEMBERED) verified.delete(verified.keys().next().value!);
        return identity;
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
