import type { ControlPlane } from '../shared/control-plane';
import { httpApi } from '../shared/http';
import { type RolloutPlane, rolloutRoutes } from './routes';

/** The ports the rollout routes use. */
export type RolloutsPlane = RolloutPlane & Pick<ControlPlane, 'logger' | 'settings'>;

/**
 * Staged rollouts over HTTP (application/rollouts/manage.ts), for platform admins. A function of
 * their own: it alone may start the rollout runner, and the catalog's bundle and role stay free
 * of Step Functions.
 */
export function rolloutsApi(plane: RolloutsPlane) {
  return httpApi({
    area: 'rollouts',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: rolloutRoutes(plane),
  });
}
