/**
 * A console panel's session: who opened which panel of which installation, for a few minutes. It
 * stands in for the user's token, which never reaches a panel (docs/panels.md): a panel leaking
 * its session exposes one panel of one installation to one user's roles until it expires.
 */
export interface PanelGrant {
  readonly tenantId: string;
  readonly pluginId: string;
  readonly installationId: string;
  readonly panelId: string;
  /** The user who opened it, as their verified token names them. */
  readonly subject: string;
}

/** Short enough that a leaked session is soon useless; the console opens a fresh one each time. */
export const PANEL_SESSION_LIFETIME_SECONDS = 300;

export interface PanelSessions {
  /** A signed session for the grant, valid from `now` (epoch ms) for PANEL_SESSION_LIFETIME_SECONDS. */
  open(grant: PanelGrant, now?: number): Promise<{ readonly token: string; readonly expiresAt: number }>;
  /** The grant a session carries; any defect (absent, forged, expired) is an AuthenticationError naming it. */
  verify(token: string | undefined, now?: number): Promise<PanelGrant>;
}
