import {
  type HealthDeps,
  type HealthProbe,
  checkHealth as healthRound,
} from '../../application/health/check-health';

export type { HealthDeps, HealthProbe, HealthRound } from '../../application/health/check-health';

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

/** One round of the health schedule (application/health/check-health), probing over HTTP by default. */
export const checkHealth = (plane: HealthDeps, probe: HealthProbe = httpProbe()) => healthRound(plane, probe);
