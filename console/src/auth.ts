import * as oauth from 'oauth4webapi';
import type { AuthSettings } from './config';

type Cognito = Extract<AuthSettings, { kind: 'cognito' }>;
type Development = Extract<AuthSettings, { kind: 'development' }>;

/** A user `vivified dev` can mint a token for. */
export interface DevelopmentUser {
  readonly id: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly roles: readonly string[];
}

export async function developmentUsers(auth: Development): Promise<DevelopmentUser[]> {
  const response = await fetch(auth.usersPath);
  if (!response.ok) throw new Error(`The development users could not be listed (${response.status}).`);
  return ((await response.json()) as { users: DevelopmentUser[] }).users;
}

export async function developmentSignIn(auth: Development, userId: string): Promise<string> {
  const response = await fetch(auth.loginPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: userId }),
  });
  if (!response.ok) throw new Error(`Sign-in failed (${response.status}).`);
  return ((await response.json()) as { token: string }).token;
}

// The PKCE verifier and state live only for the round trip through the hosted UI.
const PENDING = 'vivified.oauth';
const redirectUri = (auth: Cognito) => auth.redirectUri ?? `${location.origin}${location.pathname}`;

async function server(auth: Cognito) {
  const issuer = new URL(auth.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer));
}

/** Sends the browser to the Cognito hosted UI (authorization code flow with PKCE; no client secret). */
export async function cognitoSignIn(auth: Cognito): Promise<void> {
  const as = await server(auth);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: auth.clientId,
    redirect_uri: redirectUri(auth),
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url);
}

/**
 * Completes the hosted UI round trip when the page loads with `?code=`: exchanges the code for
 * tokens and returns the ID token (the one carrying the groups and the tenant claim, which the API
 * requires). Returns undefined when the page was not opened by the hosted UI.
 */
export async function completeCognitoSignIn(auth: Cognito): Promise<string | undefined> {
  const pending = sessionStorage.getItem(PENDING);
  const current = new URL(location.href);
  if (!pending || !current.searchParams.has('code')) return undefined;
  sessionStorage.removeItem(PENDING);
  const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
  const as = await server(auth);
  const client: oauth.Client = { client_id: auth.clientId };
  const parameters = oauth.validateAuthResponse(as, client, current, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    parameters,
    redirectUri(auth),
    verifier,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  history.replaceState(null, '', redirectUri(auth));
  return tokens.id_token;
}
