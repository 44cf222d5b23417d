import { generateKeyPair } from 'jose';
import type { PanelSessions } from '../../core/ports';
import { signedPanelSessions } from '../identity/panel-session-signing';

/**
 * Panel sessions signed in process, under a key pair made for this instance: a session of another
 * instance (or a tenant's forgery) never verifies. Deployed, the key comes from Secrets Manager
 * (functions/shared/platform/aws/panel-sessions.ts) so every function shares it.
 */
export function memoryPanelSessions(): PanelSessions {
  return signedPanelSessions(() => generateKeyPair('ES256'));
}
