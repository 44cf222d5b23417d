import type { ReactNode } from 'react';
import type { AdminAction } from '../../../core/policy/actions';
import { can } from '../access';
import { useConsole } from '../context';

/** Renders a page only for users whose roles allow its action; others are told why, not shown it. */
export function Allowed({ action, children }: { action: AdminAction; children: ReactNode }) {
  const { session } = useConsole();
  if (can(session, action)) return <>{children}</>;
  return (
    <section aria-labelledby="not-allowed">
      <h1 id="not-allowed">Not available</h1>
      <p>Your roles do not include access to this page. Ask a tenant administrator for the role it needs.</p>
    </section>
  );
}
