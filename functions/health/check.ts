import { type HealthProbe, checkHealth as healthRound } from '../../application/health/check-health';
import type { ControlPlane } from '../shared/control-plane';

export type { HealthProbe, HealthRound } from '../../application/health/check-health';

export const httpProbe =
  (timeoutMs = 3_000): HealthProbe =>
  async (url) => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  };

/** The ports a health round uses. */
export type HealthPlane = Pick<
  ControlPlane,
  | 'catalog'
  | 'installations'
  | 'audit'
  | 'runtime'
  | 'subscriptions'
  | 'credentials'
  | 'events'
  | 'logger'
  | 'settings'
  | 'now'
>;

/** One round of the health schedule (application/health/check-health), probing over HTTP by default. */
export const checkHealth = (plane: HealthPlane, probe: HealthProbe = httpProbe()) =>
  healthRound(plane, probe);
