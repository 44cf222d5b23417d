import { useCallback, useEffect, useMemo, useState } from 'react';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { PLATFORM_TENANT_ID } from '../../core/tenancy/tenant';
import { can } from './access';
import { apiClient } from './api';
import { completeCognitoSignIn } from './auth';
import { Allowed } from './components/Allowed';
import { Layout, PAGES } from './components/Layout';
import { type ConsoleConfig, loadConfig } from './config';
import { Console, type ConsoleContext } from './context';
import { Audit } from './pages/Audit';
import { Capabilities } from './pages/Capabilities';
import { Configure } from './pages/Configure';
import { Health } from './pages/Health';
import { InstallationDetail } from './pages/InstallationDetail';
import { Installations } from './pages/Installations';
import { Marketplace } from './pages/Marketplace';
import { PluginDetail } from './pages/PluginDetail';
import { Rollout } from './pages/Rollout';
import { SignIn } from './pages/SignIn';
import { Subscribers } from './pages/Subscribers';
import { clearSession, loadSession, type Session, saveSession, sessionFromToken } from './session';

function FirstPage({ session }: { session: Session }) {
  const first = PAGES.find((page) => can(session, page.action));
  return first ? (
    <Navigate to={first.path} replace />
  ) : (
    <p>Your account has no role in this console yet. Ask a tenant administrator to add you to a group.</p>
  );
}

// Hash routes work from any static host (S3 + CloudFront, or `vivified dev`) without rewrite rules.
const router = (session: Session) =>
  createHashRouter([
    {
      element: <Layout />,
      children: [
        { index: true, element: <FirstPage session={session} /> },
        {
          path: 'marketplace',
          element: (
            <Allowed action="catalog.browse">
              <Marketplace />
            </Allowed>
          ),
        },
        {
          path: 'marketplace/:pluginId',
          element: (
            <Allowed action="catalog.read">
              <PluginDetail />
            </Allowed>
          ),
        },
        {
          path: 'marketplace/:pluginId/rollout',
          element: (
            <Allowed action="catalog.rollout.read">
              <Rollout />
            </Allowed>
          ),
        },
        {
          path: 'installations',
          element: (
            <Allowed action="installation.list">
              <Installations />
            </Allowed>
          ),
        },
        {
          path: 'installations/:pluginId',
          element: (
            <Allowed action="installation.read">
              <InstallationDetail />
            </Allowed>
          ),
        },
        {
          path: 'installations/:pluginId/config',
          element: (
            <Allowed action="installation.config.read">
              <Configure />
            </Allowed>
          ),
        },
        {
          path: 'installations/:pluginId/health',
          element: (
            <Allowed action="installation.health">
              <Health />
            </Allowed>
          ),
        },
        {
          path: 'installations/:pluginId/capabilities',
          element: (
            <Allowed action="policy.simulate">
              <Capabilities />
            </Allowed>
          ),
        },
        {
          path: 'subscribers',
          element: (
            <Allowed action="subscriber.list">
              <Subscribers />
            </Allowed>
          ),
        },
        {
          path: 'audit',
          element: (
            <Allowed action="audit.read">
              <Audit />
            </Allowed>
          ),
        },
        { path: '*', element: <p>There is no such page.</p> },
      ],
    },
  ]);

export function App() {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [failure, setFailure] = useState('');
  const [session, setSession] = useState<Session | undefined>(() => loadSession());

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    clearSession();
    setSession(undefined);
  }, []);

  useEffect(() => {
    loadConfig()
      .then(async (loaded) => {
        setConfig(loaded);
        if (loaded.auth.kind === 'cognito') {
          const token = await completeCognitoSignIn(loaded.auth);
          if (token) signIn(sessionFromToken(token));
        }
      })
      .catch((error: Error) => setFailure(error.message));
  }, [signIn]);

  const context = useMemo<ConsoleContext | undefined>(
    () =>
      config && session
        ? {
            config,
            session,
            api: apiClient(config.apiUrl, session.token, signOut),
            tenantId: session.tenantId ?? PLATFORM_TENANT_ID,
            signOut,
          }
        : undefined,
    [config, session, signOut],
  );
  const routes = useMemo(() => (session ? router(session) : undefined), [session]);

  if (failure) return <p role="alert">The console could not start: {failure}</p>;
  if (!config) return <p role="status">Loading…</p>;
  if (!context || !routes) return <SignIn config={config} onSignedIn={signIn} />;
  return (
    <Console.Provider value={context}>
      <RouterProvider router={routes} />
    </Console.Provider>
  );
}
