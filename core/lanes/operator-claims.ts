import { createHash } from 'node:crypto';

/*
 * A signed operator call as both of its ends spell it: the operator lane signs these claims
 * (adapters/identity/operator-signing.ts) and the target plugin's SDK verifies them
 * (sdk/node/src/operator-verify.ts). Either side renaming a claim breaks the other at compile
 * time, not at a plugin's first call. Nothing here depends on the platform, so the SDK can carry it.
 */

export const OPERATOR_CALL_ISSUER = 'vivified-operator';
export const OPERATOR_CALL_ALGORITHM = 'ES256';
/** A signature covers one call, not a session. */
export const OPERATOR_CALL_LIFETIME_SECONDS = 60;

/**
 * The headers of a forwarded call. Only the signature is to be trusted; caller, tenant and trace
 * are informative copies of its claims. The calling plugin sends the timeout it is willing to wait.
 */
export const OPERATOR_CALL_HEADERS = {
  signature: 'x-vivified-signature',
  caller: 'x-vivified-caller',
  tenant: 'x-vivified-tenant',
  traceId: 'x-vivified-trace-id',
  timeoutMs: 'x-vivified-timeout-ms',
} as const;

/** A signature is addressed to one target installation and verifies nowhere else. */
export const operatorCallAudience = (targetInstallationId: string) => `installation:${targetInstallationId}`;

/** The SHA-256 of the exact body sent (base64url): the signature covers the body too. */
export const operatorCallBodyDigest = (body: string) => createHash('sha256').update(body).digest('base64url');

export interface OperatorCallClaims {
  readonly iss: typeof OPERATOR_CALL_ISSUER;
  /** The calling installation. */
  readonly sub: string;
  /** `operatorCallAudience` of the target installation. */
  readonly aud: string;
  /** Unique per call: a target refuses a second use of the same signature. */
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  readonly 'vivified:tenant': string;
  /** The calling plugin's id. */
  readonly 'vivified:caller': string;
  readonly 'vivified:operation': string;
  readonly 'vivified:trace': string;
  /** `operatorCallBodyDigest` of the body. */
  readonly 'vivified:body': string;
}

/**
 * What a verifier refuses a signature without (the trace id is optional context). `jti` is the
 * call id each SDK remembers until `exp`, so a signature answers one call only.
 */
export const REQUIRED_OPERATOR_CLAIMS = [
  'sub',
  'exp',
  'jti',
  'vivified:tenant',
  'vivified:caller',
  'vivified:operation',
  'vivified:body',
] as const satisfies readonly (keyof OperatorCallClaims)[];
