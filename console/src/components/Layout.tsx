import { NavLink, Outlet } from 'react-router';
import { can } from '../access';
import { useConsole } from '../context';

/** Pages the signed-in user may use, by the action each one needs. */
export const PAGES = [
  { path: '/marketplace', label: 'Marketplace', action: 'catalog.browse' },
  { path: '/installations', label: 'Installations', action: 'installation.list' },
  { path: '/subscribers', label: 'Subscribers', action: 'subscriber.list' },
  { path: '/audit', label: 'Audit', action: 'audit.read' },
] as const;

export function Layout() {
  const { session, tenantId, signOut } = useConsole();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span className="brand">Vivified</span>
        <nav aria-label="Main">
          <ul>
            {PAGES.filter((page) => can(session, page.action)).map((page) => (
              <li key={page.path}>
                <NavLink to={page.path}>{page.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {session.subject} · {tenantId}
            {session.platformAdmin
              ? ' · platform admin'
              : session.roles.length
                ? ` · ${session.roles.join(', ')}`
                : ''}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
