import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { AuthenticationError } from '../../core/errors';
import { ROLES } from '../../core/policy/principal';
import type { UserAuthentication, VerifiedUser } from '../../core/ports';

/** The Cognito group of the platform operator; the tenant roles are groups named after the roles. */
export const PLATFORM_ADMIN_GROUP = 'platform_admin';

export interface UserTokenVerifierOptions {
  /** Expected `iss`: the Cognito user pool URL, or the local development issuer. */
  readonly issuer: string;
  /** Expected `aud`: the app client id the console and CLI use. */
  readonly audience: string;
  /** Where signing keys come from: `createRemoteJWKSet(url)` in AWS, a local JWKS in development. */
  readonly keys: JWTVerifyGetKey;
  /** Tolerated clock skew in seconds. @default 30 */
  readonly clockToleranceSeconds?: number;
}

// Asymmetric algorithms only: a shared-secret (HS*) or `none` token can never be accepted.
const ALGORITHMS = ['RS256', 'ES256'];

/** Why verification failed, in words fit for the caller and the audit record (never the token). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the bearer token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the bearer token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the bearer token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'the bearer token uses an algorithm that is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the bearer token was signed by an unknown key';
  return 'the bearer token is malformed or not verifiable';
}

/**
 * Cognito groups as a token carries them (an array), or as API Gateway's Cognito authorizer hands
 * them over (a string: `a,b` or `[a b]`).
 */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

function principalOf(payload: JWTPayload): VerifiedUser {
  const subject = typeof payload.sub === 'string' ? payload.sub : '';
  const groups = groupsOf(payload['cognito:groups']);
  if (!subject) throw new AuthenticationError('The bearer token has no subject.');
  if (groups.includes(PLATFORM_ADMIN_GROUP)) return { kind: 'platform_admin', subject };
  const tenantId = payload['custom:tenant_id'];
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw new AuthenticationError('The bearer token is not bound to a tenant.');
  }
  const roles = ROLES.filter((role) => groups.includes(role));
  return { kind: 'user', subject, tenantId, roles };
}

/**
 * Verifies `Authorization: Bearer <jwt>` for users: signature against the issuer's keys, issuer,
 * audience, expiry and token use. The principal (tenant, roles) comes only from the verified
 * claims. Throws AuthenticationError with a reason when anything is off.
 */
export function userTokenVerifier(options: UserTokenVerifierOptions): UserAuthentication {
  return async (authorization: string | undefined): Promise<VerifiedUser> => {
    const match = /^Bearer ([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*)$/.exec(
      authorization?.trim() ?? '',
    );
    if (!match) {
      throw new AuthenticationError(
        authorization ? 'The Authorization header is not a bearer token.' : 'A bearer token is required.',
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1]!, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      throw new AuthenticationError(`Authentication failed: ${reasonOf(error)}.`);
    }
    // Cognito ID tokens carry token_use=id; access tokens lack the tenant claim and the audience.
    if (payload.token_use !== undefined && payload.token_use !== 'id') {
      throw new AuthenticationError('Authentication failed: an ID token is required.');
    }
    return principalOf(payload);
  };
}

export interface GatewayClaimsOptions {
  /** Expected `iss`: the Cognito user pool URL. */
  readonly issuer: string;
  /** Expected `aud`: the app client id of the console and CLI. */
  readonly audience: string;
  readonly now?: () => number;
}

/**
 * The user behind a request API Gateway's Cognito authorizer has already verified (signature,
 * expiry, issuing pool), read from the claims it passes in the request context. Deployed handlers
 * use this: they run in isolated subnets and cannot fetch the pool's keys to verify again. The
 * claims can only come from API Gateway (the functions are invocable by it alone); issuer,
 * audience, token use and expiry are still checked here, and the principal comes from them only.
 */
export function gatewayVerifiedUser(options: GatewayClaimsOptions): UserAuthentication {
  const now = options.now ?? Date.now;
  return async (
    _authorization: string | undefined,
    claims?: Readonly<Record<string, unknown>>,
  ): Promise<VerifiedUser> => {
    if (!claims) throw new AuthenticationError('A bearer token is required.');
    const refuse = (why: string) => {
      throw new AuthenticationError(`Authentication failed: ${why}.`);
    };
    if (claims.iss !== options.issuer) refuse("the bearer token's iss claim is not accepted");
    if (claims.aud !== options.audience) refuse("the bearer token's aud claim is not accepted");
    if (claims.token_use !== 'id') refuse('an ID token is required');
    // API Gateway passes `exp` as seconds (a number or its string form, or a date string).
    const exp = Number.isNaN(Number(claims.exp)) ? Date.parse(String(claims.exp)) / 1000 : Number(claims.exp);
    if (!(exp * 1000 > now())) refuse('the bearer token has expired');
    return principalOf(claims as JWTPayload);
  };
}
