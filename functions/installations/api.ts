import { configure } from '../../application/lifecycle/configure';
import { disable } from '../../application/lifecycle/disable';
import { enable } from '../../application/lifecycle/enable';
import {
  installationHealth,
  listInstallations,
  readConfig,
  readInstallation,
} from '../../application/lifecycle/inspect';
import { install } from '../../application/lifecycle/install';
import { redrive } from '../../application/lifecycle/redrive';
import { uninstall } from '../../application/lifecycle/uninstall';
import { upgrade } from '../../application/lifecycle/upgrade';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { pageAsk } from '../shared/page-ask';
import { parseConfigure, parseInstall, parseUpgrade } from './bodies';
import { subscriberHandlers } from './subscribers';
import { configView, installationView } from './views';

/** The ports the installations routes use. */
export type InstallationsPlane = Omit<ControlPlane, 'tenants' | 'events' | 'rateLimiter'>;

/**
 * The installations area over HTTP: install, lifecycle, config, health and upgrade of a tenant's
 * plugins. Each route authenticates the caller, hands the action (application/lifecycle) the ids
 * and the body with its parser, and maps what it answers to the wire's views.
 */
export function installationsApi(plane: InstallationsPlane) {
  /** The caller and the installation the route names. */
  const ask = async (request: HttpRequest) => ({
    principal: await authenticated(plane, request),
    tenantId: request.params.tenantId ?? '',
    pluginId: request.params.pluginId ?? '',
    traceId: request.traceId,
  });

  return httpApi({
    area: 'installations',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      ...subscriberHandlers(plane),
      'installation.list': async (request) => {
        const { pluginId: _, ...tenant } = await ask(request);
        const page = await listInstallations(plane, tenant, pageAsk(request.query));
        return { status: 200, body: { items: page.items.map(installationView), cursor: page.cursor } };
      },

      'installation.install': async (request) => {
        const { pluginId: _, ...tenant } = await ask(request);
        const { installation, permissions } = await install(plane, {
          ...tenant,
          body: { raw: request.body, parse: parseInstall },
        });
        return { status: 201, body: { ...installationView(installation), permissions } };
      },

      'installation.read': async (request) => {
        const { installation, permissions } = await readInstallation(plane, await ask(request));
        return { status: 200, body: { ...installationView(installation), permissions } };
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

      'installation.config.read': async (request) => {
        const { installation, manifest } = await readConfig(plane, await ask(request));
        return { status: 200, body: configView(installation, manifest) };
      },

      'installation.configure': async (request) => {
        const { installation, manifest } = await configure(plane, {
          ...(await ask(request)),
          body: { raw: request.body, parse: parseConfigure },
        });
        return { status: 200, body: configView(installation, manifest) };
      },

      'installation.health': async (request) => ({
        status: 200,
        body: await installationHealth(plane, await ask(request)),
      }),

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
