import { pageSize } from '../../adapters/aws/registry/cursor';
import { ManifestInvalidError, NotFoundError } from '../../core/errors';
import { describePermissions, validateManifest } from '../../core/manifest';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { guard } from '../shared/guard';
import { httpApi } from '../shared/http';

/** The ports the catalog routes use. */
export type CatalogPlane = Pick<
  ControlPlane,
  'catalog' | 'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings' | 'now'
>;

/** The plugin catalog: platform administrators register and remove; tenant admins browse. */
export function catalogApi(plane: CatalogPlane) {
  const policy = guard(plane);

  return httpApi({
    area: 'catalog',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'catalog.browse': async (request) => {
        const principal = await authenticated(plane, request);
        await policy.authorize(
          principal,
          'catalog.browse',
          {},
          { traceId: request.traceId, target: { kind: 'catalog', id: '*' } },
        );
        const { contract, category, trait, q, limit, cursor } = request.query;
        const page = await plane.catalog.list(
          { contract, category, trait, text: q },
          pageSize(limit),
          cursor,
        );
        return { status: 200, body: page };
      },

      'catalog.register': async (request) => {
        const principal = await authenticated(plane, request);
        const id = (request.body as { id?: unknown } | undefined)?.id;
        const pluginId = typeof id === 'string' ? id.slice(0, 64) : '(invalid id)';
        await policy.authorize(
          principal,
          'catalog.register',
          { pluginId },
          {
            traceId: request.traceId,
            target: { kind: 'plugin', id: pluginId },
          },
        );
        const result = validateManifest(request.body);
        if (!result.ok) throw new ManifestInvalidError('The manifest is invalid.', result.errors);
        const entry = await plane.catalog.register(
          result.manifest,
          principal.subject,
          plane.now().toISOString(),
        );
        await policy.record(principal, 'catalog.register.completed', {
          traceId: request.traceId,
          target: { kind: 'plugin', id: result.manifest.id },
          reasons: [`registered ${result.manifest.id}@${result.manifest.version}`],
        });
        return { status: 201, body: entry, headers: { Location: `/v1/plugins/${result.manifest.id}` } };
      },

      'catalog.read': async (request) => {
        const principal = await authenticated(plane, request);
        const pluginId = request.params.pluginId ?? '';
        await policy.authorize(
          principal,
          'catalog.read',
          { pluginId },
          { traceId: request.traceId, target: { kind: 'plugin', id: pluginId } },
        );
        const entry = await plane.catalog.get(pluginId);
        if (entry?.status !== 'available')
          throw new NotFoundError(`Plugin ${pluginId} is not in the catalog.`);
        const version = request.query.version ?? entry.latestVersion;
        const manifest = await plane.catalog.getManifest(pluginId, version);
        if (!manifest) throw new NotFoundError(`Plugin ${pluginId} has no version ${version}.`);
        return { status: 200, body: { ...entry, manifest, permissions: describePermissions(manifest) } };
      },

      'catalog.delete': async (request) => {
        const principal = await authenticated(plane, request);
        const pluginId = request.params.pluginId ?? '';
        await policy.authorize(
          principal,
          'catalog.delete',
          { pluginId },
          { traceId: request.traceId, target: { kind: 'plugin', id: pluginId } },
        );
        await plane.catalog.delete(pluginId);
        await policy.record(principal, 'catalog.delete.completed', {
          traceId: request.traceId,
          target: { kind: 'plugin', id: pluginId },
          reasons: [`removed ${pluginId} and all its versions`],
        });
        return { status: 204 };
      },
    },
  });
}
