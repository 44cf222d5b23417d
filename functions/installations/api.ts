import { installationMetrics } from '../../application/health/lane-metrics';
import {
  installationHealth,
  listInstallations,
  readConfig,
  readInstallation,
} from '../../application/lifecycle/inspect';
import { openPanel } from '../../application/panels/open-panel';
import type { RuntimeProbe, SubscriptionWiring } from '../../core/ports';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { pageAsk } from '../shared/page-ask';
import { installationAsk } from '../shared/tenant-ask';
import { policyReads } from './policy';
import { subscriberReads } from './subscribers';
import { configView, installationView } from './views';

/** The ports the installation reads use: nothing that provisions, seals or runs a plugin. */
export type InstallationsPlane = Pick<
  ControlPlane,
  | 'catalog'
  | 'installations'
  | 'subscribers'
  | 'audit'
  | 'authenticate'
  | 'settings'
  | 'logger'
  | 'metrics'
  | 'metricsReader'
  | 'now'
  // Signs the sessions console panels are opened with.
  | 'panelSessions'
> & {
  /** Whether the plugin runs, for its health. */
  readonly runtime: RuntimeProbe;
  /** How many of its events wait in its dead-letter queue, for its health. */
  readonly subscriptions: Pick<SubscriptionWiring, 'deadLetters'>;
};

/**
 * The installations area over HTTP: a tenant's installations, their config (secrets masked),
 * health and external subscribers, read. Changing any of them is the lifecycle area's
 * (functions/lifecycle/api.ts).
 */
export function installationsApi(plane: InstallationsPlane) {
  const ask = (request: HttpRequest) => installationAsk(plane, request);

  return httpApi({
    area: 'installations',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      ...subscriberReads(plane),
      ...policyReads(plane),
      'installation.list': async (request) => {
        const { pluginId: _, ...tenant } = await ask(request);
        const page = await listInstallations(plane, tenant, pageAsk(request.query));
        return { status: 200, body: { items: page.items.map(installationView), cursor: page.cursor } };
      },

      'installation.read': async (request) => {
        const { installation, permissions, panels } = await readInstallation(plane, await ask(request));
        return { status: 200, body: { ...installationView(installation), permissions, panels } };
      },

      'installation.panel.open': async (request) => {
        const { pluginId, ...tenant } = await ask(request);
        return {
          status: 201,
          body: await openPanel(plane, { ...tenant, pluginId, panelId: request.params.panelId ?? '' }),
        };
      },

      'installation.config.read': async (request) => {
        const { installation, manifest } = await readConfig(plane, await ask(request));
        return { status: 200, body: configView(installation, manifest) };
      },

      'installation.health': async (request) => ({
        status: 200,
        body: await installationHealth(plane, await ask(request)),
      }),

      'installation.metrics': async (request) => ({
        status: 200,
        body: await installationMetrics(plane, { ...(await ask(request)), window: request.query.window }),
      }),
    },
  });
}
