import type { PlatformAdminPrincipal, UserPrincipal } from '../policy/principal';

/** A user (or the platform admin) as a verified token says, never as the request claims. */
export type VerifiedUser = UserPrincipal | PlatformAdminPrincipal;

/**
 * Authenticates the user behind a request from its `Authorization` header, or from the claims an
 * authorizer in front already verified; anything off is an AuthenticationError with a reason.
 */
export type UserAuthentication = (
  authorization: string | undefined,
  verifiedClaims?: Readonly<Record<string, unknown>>,
) => Promise<VerifiedUser>;
