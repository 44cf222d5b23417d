import type { AdminAction } from '../../core/policy/actions';
import { ADMIN_RULES } from '../../core/policy/admin-rules';
import type { Session } from './session';

/**
 * Whether to *show* an action: the same role table the API enforces, read from the domain so the
 * two cannot disagree. Hiding is a courtesy; the API refuses (and audits) whatever is not allowed.
 */
export function can(session: Session | undefined, action: AdminAction): boolean {
  if (!session) return false;
  const rule = ADMIN_RULES[action];
  // Platform administrators see the catalog, and the platform's own audit chain (the console opens
  // the `_platform` tenant for them); they have no access inside tenants.
  if (session.platformAdmin) return rule.platformAdmin !== 'never';
  return rule.roles.some((role) => session.roles.includes(role));
}
