import { AuthenticationError } from '../core/errors';
import type { UserAuthentication, VerifiedUser } from '../core/ports';
import type { Attempt } from './attempt';
import { type AuditAppender, guard } from './guard';
import type { Counter } from './observability';

export interface UserCredentials {
  /** The `Authorization` header as sent. */
  readonly authorization?: string;
  /** Claims API Gateway's Cognito authorizer verified, when it ran (deployed user routes). */
  readonly verifiedClaims?: Readonly<Record<string, unknown>>;
}

/**
 * The calling user, from the verified bearer token (or the claims API Gateway verified) only. A
 * failure is refused as an authentication (the platform's chain: the caller has no verified
 * tenant) and answered 401.
 */
export async function authenticatedUser(
  deps: {
    readonly authenticate: UserAuthentication;
    readonly audit: AuditAppender;
    readonly metrics?: Counter;
  },
  credentials: UserCredentials,
  attempt: Attempt & { readonly details?: Readonly<Record<string, unknown>> },
): Promise<VerifiedUser> {
  try {
    return await deps.authenticate(credentials.authorization, credentials.verifiedClaims);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    return guard(deps).refuse({
      kind: 'authentication',
      caller: 'user',
      error,
      action: attempt.action,
      target: attempt.route,
      traceId: attempt.traceId,
      details: attempt.details,
    });
  }
}
