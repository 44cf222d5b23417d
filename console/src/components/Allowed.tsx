import type { ReactNode } from 'react';
import type { AdminAction } from '../../../core/policy/actions';
import { ADMIN_RULES, rolesGranting } from '../../../core/policy/admin-rules';
import { can } from '../access';
import { useConsole } from '../context';

/** Renders a page only for users whose roles allow its action; others are told why, not shown it. */
export function Allowed({ action, children }: { action: AdminAction; children: ReactNode }) {
  const { session } = useConsole();
  if (can(session, action)) return <>{children}</>;
  return (
    <section aria-labelledby="not-allowed">
      <h1 id="not-allowed">Not available</h1>
      <p>
        {ADMIN_RULES[action].roles.length > 0
          ? `To ${ADMIN_RULES[action].purpose}, you need the role ${rolesGranting(ADMIN_RULES[action])}. Your tenant's admin can grant it (in the user directory's group of that name).`
          : `Only a platform administrator may ${ADMIN_RULES[action].purpose}.`}
      </p>
    </section>
  );
}
