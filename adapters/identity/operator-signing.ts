import { createHash, randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import { operatorVerifier } from '../../sdk/node/src/operator-verify';

/** The facts of one operator call that the target must be able to trust. */
export interface OperatorCall {
  readonly tenantId: string;
  readonly callerPluginId: string;
  readonly callerInstallationId: string;
  readonly targetInstallationId: string;
  readonly operation: string;
  readonly traceId: string;
  readonly body: string;
}

const ISSUER = 'vivified-operator';
const bodyDigest = (body: string) => createHash('sha256').update(body).digest('base64url');

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * Signs operator calls so a plugin can tell the core sent them: an ES256 JWT in
 * `X-Vivified-Signature`, audience-bound to the target installation, carrying caller, tenant,
 * operation, trace id and a SHA-256 of the body, valid for one minute. Signing happens in
 * process (no KMS round trip on the hot path); targets verify against the published JWKS.
 */
export class OperatorSigner {
  private constructor(
    private readonly key: SigningKey,
    private readonly kid: string,
    readonly jwks: JSONWebKeySet,
  ) {}

  static async generate(): Promise<OperatorSigner> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    return new OperatorSigner(privateKey, kid, {
      keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }],
    });
  }

  /**
   * The deployed signer: every operator Lambda container loads the same private JWK (kept in
   * Secrets Manager), so any container's signature verifies against the one published key.
   */
  static async fromPrivateJwk(jwk: JWK & { kid: string }): Promise<OperatorSigner> {
    const key = (await importJWK(jwk, 'ES256')) as SigningKey;
    const { d: _private, ...publicJwk } = jwk;
    return new OperatorSigner(key, jwk.kid, { keys: [{ ...publicJwk, alg: 'ES256', use: 'sig' }] });
  }

  /** The private key as a JWK, to store in a secret when the platform is provisioned. */
  static async generatePrivateJwk(): Promise<JWK & { kid: string }> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256' };
  }

  async sign(call: OperatorCall, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({
      'vivified:tenant': call.tenantId,
      'vivified:caller': call.callerPluginId,
      'vivified:operation': call.operation,
      'vivified:trace': call.traceId,
      'vivified:body': bodyDigest(call.body),
    })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(call.callerInstallationId)
      .setAudience(`installation:${call.targetInstallationId}`)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(this.key);
  }
}

/** What a target learns from a verified signature. */
export interface VerifiedOperatorCall {
  readonly tenantId: string;
  readonly callerPluginId: string;
  readonly callerInstallationId: string;
  readonly operation: string;
  readonly traceId: string;
}

/**
 * Verifies a signed operator call for one target installation, including that the body is the one
 * signed. The rules live once, in the plugin SDK that targets run: the host's check is the same code.
 */
export async function verifyOperatorCall(
  signature: string | undefined,
  body: string,
  targetInstallationId: string,
  keys: JWTVerifyGetKey | JSONWebKeySet,
): Promise<VerifiedOperatorCall> {
  const getKey = typeof keys === 'function' ? keys : createLocalJWKSet(keys);
  // The API URL only locates the published key set, which `getKey` replaces here.
  const verify = operatorVerifier('http://keys.invalid', targetInstallationId, getKey);
  const caller = await verify(signature, body);
  return {
    tenantId: caller.tenantId,
    callerPluginId: caller.pluginId,
    callerInstallationId: caller.installationId,
    operation: caller.operation,
    traceId: caller.traceId,
  };
}
