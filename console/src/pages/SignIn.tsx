import { type FormEvent, useEffect, useState } from 'react';
import { cognitoSignIn, type DevelopmentUser, developmentSignIn, developmentUsers } from '../auth';
import type { ConsoleConfig } from '../config';
import { type Session, sessionFromToken } from '../session';

/** Sign-in: Cognito's hosted UI in AWS, development users under `vivified dev`, or a pasted token. */
export function SignIn({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (s: Session) => void }) {
  const [users, setUsers] = useState<DevelopmentUser[]>([]);
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const auth = config.auth;

  useEffect(() => {
    if (auth.kind === 'development') developmentUsers(auth).then(setUsers, (e: Error) => setError(e.message));
  }, [auth]);

  const accept = (jwt: string) => {
    try {
      const session = sessionFromToken(jwt.trim());
      if (session.expiresAt <= Date.now()) throw new Error('This token has expired.');
      onSignedIn(session);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'This is not a token.');
    }
  };
  const pasted = (event: FormEvent) => {
    event.preventDefault();
    accept(token);
  };

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Vivified</h1>
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      {auth.kind === 'cognito' && (
        <button type="button" className="primary" onClick={() => void cognitoSignIn(auth)}>
          Sign in with your organisation
        </button>
      )}
      {auth.kind === 'development' && (
        <section aria-labelledby="dev-users">
          <h2 id="dev-users">Development users</h2>
          <p className="muted">Tokens minted by the local development issuer of `vivified dev`.</p>
          <ul className="users">
            {users.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  onClick={() =>
                    developmentSignIn(auth, user.id).then(accept, (e: Error) => setError(e.message))
                  }
                >
                  Sign in as {user.name}
                </button>
                <span className="muted">
                  {user.tenantId ? `${user.tenantId} · ` : ''}
                  {user.roles.join(', ')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <details>
        <summary>Use an access token</summary>
        <form onSubmit={pasted}>
          <label htmlFor="token">ID token (JWT)</label>
          <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} />
          <button type="submit">Sign in with token</button>
        </form>
      </details>
    </main>
  );
}
