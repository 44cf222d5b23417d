import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import {
  OPERATOR_CALL_ALGORITHM,
  OPERATOR_CALL_ISSUER,
  type OperatorCallClaims,
  operatorCallAudience,
  operatorCallBodyDigest,
  REQUIRED_OPERATOR_CLAIMS,
} from '../../../core/lanes/operator-claims';
import { ReplayCache } from './replay-cache';

/** Who called an exposed operation, as the platform vouches for it. */
export interface Caller {
  readonly tenantId: string;
  readonly pluginId: string;
  readonly installationId: string;
  readonly operation: string;
  readonly traceId: string;
}

/** A platform-signed call carries a UUID: a longer id is not the platform's. */
const MAX_CALL_ID_LENGTH = 128;

/**
 * Verifies the platform's signature on an operator call: an ES256 JWT from the operator lane,
 * addressed to this installation, bound to the exact body by its SHA-256, and not used before in
 * this process (`replays` remembers each call id until its signature expires). The plain
 * `x-vivified-caller` headers are informative only; this is what a plugin may trust.
 */
export function operatorVerifier(
  apiUrl: string,
  installationId: string,
  keys?: JWTVerifyGetKey,
  replays: ReplayCache = new ReplayCache(),
) {
  // jose caches the key set and refetches it when a signature names an unknown key id.
  // The keys.operator route. Spelled here, not read from the route table: the host verifies with
  // this module too (adapters/identity/operator-signing.ts), and adapters depend on no handler code.
  const getKey = keys ?? createRemoteJWKSet(new URL('/v1/keys/operator', apiUrl));
  return async (signature: string | undefined, body: string): Promise<Caller> => {
    if (!signature) throw new Error('The call is not signed by the platform.');
    const { payload } = await jwtVerify<Partial<OperatorCallClaims>>(signature, getKey, {
      issuer: OPERATOR_CALL_ISSUER,
      audience: operatorCallAudience(installationId),
      algorithms: [OPERATOR_CALL_ALGORITHM],
      requiredClaims: [...REQUIRED_OPERATOR_CLAIMS],
    });
    if (payload['vivified:body'] !== operatorCallBodyDigest(body))
      throw new Error('The body does not match the platform’s signature.');
    // Last, once everything else verified: only the platform's own signatures take up room.
    const { jti, exp } = payload;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_CALL_ID_LENGTH)
      throw new Error('The signature’s "jti" claim is not a call id.');
    const verdict = replays.admit(jti, Number(exp));
    if (verdict === 'replayed')
      throw new Error('The call was answered already: a platform signature is good for one call.');
    if (verdict === 'full')
      throw new Error('Too many calls within a signature’s lifetime to rule out a replay: try again.');
    return {
      tenantId: String(payload['vivified:tenant']),
      pluginId: String(payload['vivified:caller']),
      installationId: String(payload.sub),
      operation: String(payload['vivified:operation']),
      traceId: String(payload['vivified:trace'] ?? ''),
    };
  };
}
