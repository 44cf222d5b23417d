import { readFileSync } from 'node:fs';
import { createLocalJWKSet, decodeJwt, errors, type JSONWebKeySet, jwtVerify } from 'jose';
import { localState } from '../checkout';
import { reach, SessionError } from '../client';

/** Where `vivified dev --demo` leaves the development users' tokens for `vivified login`. */
export const devTokensPath = () => localState('dev-tokens.json');

export interface DevTokens {
  readonly tenant: string;
  readonly tokens: Readonly<Record<string, string>>;
}

export function readDevTokens(): DevTokens {
  try {
    return JSON.parse(readFileSync(devTokensPath(), 'utf8')) as DevTokens;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `No development users yet (${devTokensPath()}): start the platform with \`npm start\` or \`npx vivified dev --demo\` first.`,
    );
  }
}

/**
 * Proves the platform answers at `endpoint` (PlatformUnreachableError otherwise) and returns the
 * signing keys it publishes, if any: `vivified dev` serves its issuer's JWKS; a deployed API does
 * not (Cognito publishes the pool's), so there the signature is first checked by the first call.
 */
export async function platformKeys(endpoint: string): Promise<JSONWebKeySet | undefined> {
  const response = await reach(endpoint, '/.well-known/jwks.json');
  if (!response.ok) return undefined;
  const body = (await response.json().catch(() => undefined)) as JSONWebKeySet | undefined;
  return Array.isArray(body?.keys) ? body : undefined;
}

const LOG_IN_AGAIN =
  'restart `vivified dev --demo` for fresh development tokens, or pass a new token with `vivified login --token`';

/** Refuses a token that is malformed, expired or (where the keys are known) not signed by the platform. */
export async function checkToken(token: string, keys: JSONWebKeySet | undefined): Promise<void> {
  let expires: number | undefined;
  try {
    expires = decodeJwt(token).exp;
  } catch {
    throw new SessionError('The token is not a JWT.');
  }
  if (expires !== undefined && expires * 1000 <= Date.now())
    throw new SessionError(
      `The token expired at ${new Date(expires * 1000).toISOString()}: ${LOG_IN_AGAIN}.`,
    );
  if (!keys) return;
  try {
    // Only the signature: issuer and audience are the platform's to check on each call.
    await jwtVerify(token, createLocalJWKSet(keys));
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
      throw new SessionError(
        `The token was not signed by this platform's current key (tokens from an earlier \`vivified dev\`?): ${LOG_IN_AGAIN}.`,
      );
    throw new SessionError(`The platform does not accept the token (${(error as Error).message}).`);
  }
}
