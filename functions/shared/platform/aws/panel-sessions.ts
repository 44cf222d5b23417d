import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secrets } from '../../../../adapters/aws/clients';
import {
  panelSessionKeysFromJwk,
  signedPanelSessions,
} from '../../../../adapters/identity/panel-session-signing';
import type { PanelSessions } from '../../../../core/ports';
import type { PlatformConfig } from '../config';

/**
 * Panel sessions under the private JWK in Secrets Manager: read at the first session a container
 * signs or verifies, then kept, by the installations function (which opens sessions) and the
 * operator lane (which serves panels). No other function is granted the secret.
 */
export function awsPanelSessions(config: Pick<PlatformConfig, 'panelKeySecret' | 'clients'>): PanelSessions {
  const client = config.clients?.secrets ?? secrets;
  return signedPanelSessions(async () => {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: config.panelKeySecret }),
    );
    return panelSessionKeysFromJwk(JSON.parse(SecretString ?? '{}'));
  });
}
