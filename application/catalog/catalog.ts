import { ManifestInvalidError, NotFoundError } from '../../core/errors';
import { describePermissions, validateManifest } from '../../core/manifest';
import type { PluginManifest } from '../../core/manifest/types';
import type { CatalogEntry, CatalogFilter, CatalogStore, Page, VerifiedUser } from '../../core/ports';
import type { PageAsk, Unvalidated } from '../attempt';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';

/*
 * The plugin catalog: platform administrators register and remove plugins; tenant admins browse.
 */

export interface CatalogDeps {
  readonly catalog: CatalogStore;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
  readonly now: () => Date;
}

export interface CatalogAsk {
  readonly principal: VerifiedUser;
  readonly traceId: string;
}

export async function browseCatalog(
  deps: Pick<CatalogDeps, 'catalog' | 'audit' | 'metrics'>,
  ask: CatalogAsk & { readonly filter: CatalogFilter; readonly page: Unvalidated<PageAsk> },
): Promise<Page<CatalogEntry>> {
  await guard(deps).authorize(
    ask.principal,
    'catalog.browse',
    {},
    { traceId: ask.traceId, target: { kind: 'catalog', id: '*' } },
  );
  const { limit, cursor } = ask.page.parse(ask.page.raw);
  return deps.catalog.list(ask.filter, limit, cursor);
}

/** Registers a manifest version, decided on the id the body names before the manifest is validated. */
export async function registerPlugin(
  deps: CatalogDeps,
  ask: CatalogAsk & { readonly body: unknown },
): Promise<CatalogEntry> {
  const policy = guard(deps);
  const id = (ask.body as { id?: unknown } | undefined)?.id;
  const pluginId = typeof id === 'string' ? id.slice(0, 64) : '(invalid id)';
  await policy.authorize(
    ask.principal,
    'catalog.register',
    { pluginId },
    { traceId: ask.traceId, target: { kind: 'plugin', id: pluginId } },
  );
  const result = validateManifest(ask.body);
  if (!result.ok) throw new ManifestInvalidError('The manifest is invalid.', result.errors);
  const entry = await deps.catalog.register(result.manifest, ask.principal.subject, deps.now().toISOString());
  await policy.record(ask.principal, 'catalog.register.completed', {
    traceId: ask.traceId,
    target: { kind: 'plugin', id: result.manifest.id },
    reasons: [`registered ${result.manifest.id}@${result.manifest.version}`],
  });
  return entry;
}

/** A plugin's entry, the manifest of one version (the latest by default) and its permissions in words. */
export async function readPlugin(
  deps: Pick<CatalogDeps, 'catalog' | 'audit' | 'metrics'>,
  ask: CatalogAsk & { readonly pluginId: string; readonly version?: string },
): Promise<CatalogEntry & { manifest: PluginManifest; permissions: string[] }> {
  const { pluginId } = ask;
  await guard(deps).authorize(
    ask.principal,
    'catalog.read',
    { pluginId },
    { traceId: ask.traceId, target: { kind: 'plugin', id: pluginId } },
  );
  const entry = await deps.catalog.get(pluginId);
  if (entry?.status !== 'available') throw new NotFoundError(`Plugin ${pluginId} is not in the catalog.`);
  const version = ask.version ?? entry.latestVersion;
  const manifest = await deps.catalog.getManifest(pluginId, version);
  if (!manifest) throw new NotFoundError(`Plugin ${pluginId} has no version ${version}.`);
  return { ...entry, manifest, permissions: describePermissions(manifest) };
}

/** Removes a plugin and all its versions (the store refuses while any tenant has it installed). */
export async function deletePlugin(
  deps: Pick<CatalogDeps, 'catalog' | 'audit' | 'metrics'>,
  ask: CatalogAsk & { readonly pluginId: string },
): Promise<void> {
  const policy = guard(deps);
  const { pluginId } = ask;
  await policy.authorize(
    ask.principal,
    'catalog.delete',
    { pluginId },
    { traceId: ask.traceId, target: { kind: 'plugin', id: pluginId } },
  );
  await deps.catalog.delete(pluginId);
  await policy.record(ask.principal, 'catalog.delete.completed', {
    traceId: ask.traceId,
    target: { kind: 'plugin', id: pluginId },
    reasons: [`removed ${pluginId} and all its versions`],
  });
}
