import { browseCatalog, deletePlugin, readPlugin, registerPlugin } from '../../application/catalog/catalog';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { pageAsk } from '../shared/page-ask';

/** The ports the catalog routes use. */
export type CatalogPlane = Pick<
  ControlPlane,
  'catalog' | 'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings' | 'now'
>;

/** The plugin catalog over HTTP (application/catalog): platform administrators register and remove; tenant admins browse. */
export function catalogApi(plane: CatalogPlane) {
  const ask = async (request: HttpRequest) => ({
    principal: await authenticated(plane, request),
    traceId: request.traceId,
  });

  return httpApi({
    area: 'catalog',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'catalog.browse': async (request) => {
        const { contract, category, trait, q } = request.query;
        const page = await browseCatalog(plane, {
          ...(await ask(request)),
          filter: { contract, category, trait, text: q },
          page: pageAsk(request.query),
        });
        return { status: 200, body: page };
      },

      'catalog.register': async (request) => {
        const entry = await registerPlugin(plane, { ...(await ask(request)), body: request.body });
        return { status: 201, body: entry, headers: { Location: `/v1/plugins/${entry.pluginId}` } };
      },

      'catalog.read': async (request) => ({
        status: 200,
        body: await readPlugin(plane, {
          ...(await ask(request)),
          pluginId: request.params.pluginId ?? '',
          version: request.query.version,
        }),
      }),

      'catalog.delete': async (request) => {
        await deletePlugin(plane, { ...(await ask(request)), pluginId: request.params.pluginId ?? '' });
        return { status: 204 };
      },
    },
  });
}
