import { configure } from '../../application/lifecycle/configure';
import { disable } from '../../application/lifecycle/disable';
import { enable } from '../../application/lifecycle/enable';
import { install } from '../../application/lifecycle/install';
import { redrive } from '../../application/lifecycle/redrive';
import { uninstall } from '../../application/lifecycle/uninstall';
import { upgrade } from '../../application/lifecycle/upgrade';
import { parseConfigure, parseInstall, parseUpgrade } from '../installations/bodies';
import { subscriberChanges } from '../installations/subscribers';
import { configView, installationView } from '../installations/views';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { installationAsk } from '../shared/tenant-ask';

/** The ports the lifecycle routes use. */
export type LifecyclePlane = Omit<
  ControlPlane,
  | 'tenants'
  | 'events'
  | 'rateLimiter'
  | 'laneMetrics'
  | 'metricsReader'
  | 'rollouts'
  | 'rolloutDriver'
  | 'panelSessions'
>;

/**
 * The lifecycle area over HTTP: install, enable, disable, configure, upgrade, redrive and
 * uninstall a tenant's plugins, and add or remove its external subscribers. Each route
 * authenticates the caller, hands the action (application/lifecycle) the ids and the body with
 * its parser, and maps what it answers to the wire's views (functions/installations/views.ts, the
 * same the reads answer with).
 */
export function lifecycleApi(plane: LifecyclePlane) {
  const ask = (request: HttpRequest) => installationAsk(plane, request);

  return httpApi({
    area: 'lifecycle',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      ...subscriberChanges(plane),
      'installation.install': async (request) => {
        const { pluginId: _, ...tenant } = await ask(request);
        const { installation, permissions } = await install(plane, {
          ...tenant,
          body: { raw: request.body, parse: parseInstall },
        });
        return { status: 201, body: { ...installationView(installation), permissions } };
      },

      'installation.enable': async (request) => ({
        status: 200,
        body: installationView(await enable(plane, await ask(request))),
      }),

      'installation.disable': async (request) => ({
        status: 200,
        body: installationView(await disable(plane, await ask(request))),
      }),

      'installation.uninstall': async (request) => {
        await uninstall(plane, await ask(request));
        return { status: 204 };
      },

      'installation.configure': async (request) => {
        const { installation, manifest } = await configure(plane, {
          ...(await ask(request)),
          body: { raw: request.body, parse: parseConfigure },
        });
        return { status: 200, body: configView(installation, manifest) };
      },

      'installation.redrive': async (request) => ({
        status: 202,
        body: await redrive(plane, await ask(request)),
      }),

      'installation.upgrade': async (request) => {
        const outcome = await upgrade(plane, {
          ...(await ask(request)),
          body: { raw: request.body, parse: parseUpgrade },
        });
        return {
          status: 200,
          body: outcome.applied
            ? { ...outcome, installation: installationView(outcome.installation) }
            : outcome,
        };
      },
    },
  });
}
