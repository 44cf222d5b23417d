/** How this deployment of the console signs people in, read from /config.json at start-up. */
export type AuthSettings =
  /** `vivified dev`: development users minted by the local issuer. */
  | { readonly kind: 'development'; readonly usersPath: string; readonly loginPath: string }
  /** AWS: the Cognito hosted UI, authorization code flow with PKCE. */
  | {
      readonly kind: 'cognito';
      /** The user pool's issuer, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc. */
      readonly issuer: string;
      /** A public app client (no secret) with the hosted UI and the `openid` scope. */
      readonly clientId: string;
      readonly redirectUri?: string;
    };

export interface ConsoleConfig {
  /** The API base URL; empty when the console is served from the API's own origin. */
  readonly apiUrl: string;
  readonly auth: AuthSettings;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const config = (await response.json()) as Partial<ConsoleConfig>;
  if (!config.auth) throw new Error('config.json names no sign-in method.');
  return { apiUrl: (config.apiUrl ?? '').replace(/\/$/, ''), auth: config.auth };
}
