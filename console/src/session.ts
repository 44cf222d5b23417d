import { decodeJwt } from 'jose';
import { ROLES, type Role } from '../../core/policy/principal';

/**
 * Who is signed in, read from the access token's claims. The console only *decodes* the token to
 * decide what to show; the API verifies it on every call and stays the authority.
 */
export interface Session {
  readonly token: string;
  readonly subject: string;
  readonly tenantId?: string;
  readonly roles: readonly Role[];
  readonly platformAdmin: boolean;
  readonly expiresAt: number;
}

const KEY = 'vivified.session';

export function sessionFromToken(token: string): Session {
  const claims = decodeJwt(token);
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
  const tenant = claims['custom:tenant_id'];
  return {
    token,
    subject: String(claims['cognito:username'] ?? claims.sub ?? 'unknown'),
    ...(typeof tenant === 'string' ? { tenantId: tenant } : {}),
    roles: ROLES.filter((role) => groups.includes(role)),
    platformAdmin: groups.includes('platform_admin'),
    expiresAt: (claims.exp ?? 0) * 1000,
  };
}

/** Kept in sessionStorage: the token goes when the tab closes, and never reaches another origin. */
export function loadSession(now = Date.now()): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  try {
    const session = sessionFromToken(token);
    return session.expiresAt > now ? session : undefined;
  } catch {
    return undefined;
  }
}

export const saveSession = (session: Session) => sessionStorage.setItem(KEY, session.token);
export const clearSession = () => sessionStorage.removeItem(KEY);
