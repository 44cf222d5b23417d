/** What a verified plugin credential says: which installation of which plugin, in which tenant. */
export interface PluginIdentity {
  readonly tenantId: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly pluginVersion: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** Short-lived credentials bound to one installation, which the lanes authenticate plugins by. */
export interface PluginCredentials {
  /** A credential for the installation, valid from `now` (epoch ms) for the issuer's lifetime. */
  issue(
    identity: Omit<PluginIdentity, 'expiresAt'>,
    now?: number,
  ): Promise<{ readonly token: string; readonly expiresAt: number }>;
  /** What the credential says; any defect (absent, forged, expired) is an AuthenticationError naming it. */
  verify(token: string | undefined, now?: number): Promise<PluginIdentity>;
}

/** What a lane needs of the credentials: verification only. */
export type LaneIdentity = Pick<PluginCredentials, 'verify'>;
