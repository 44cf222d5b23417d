import type { ControlPlane } from '../control-plane';
import type { PlatformConfig } from './config';

/** What the HTTP areas and the lifecycle read of the configuration itself. */
export const platformSettings = (
  config: Pick<PlatformConfig, 'apiUrl' | 'unhealthyAfter' | 'corsOrigins'>,
): ControlPlane['settings'] => ({
  apiUrl: config.apiUrl,
  unhealthyAfter: config.unhealthyAfter,
  corsOrigins: config.corsOrigins,
});
