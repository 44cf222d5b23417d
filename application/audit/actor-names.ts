import type { AuditActorName, AuditRecord } from '../../core/audit';
import type { CatalogStore, InstallationStore, UserDirectory } from '../../core/ports';

export interface ActorNameDeps {
  /** Installation ids to plugins: the tenant's installations. @default plugins are not named */
  readonly installations?: Pick<InstallationStore, 'list'>;
  /** Plugin ids to their names. @default a plugin is named by its id */
  readonly catalog?: Pick<CatalogStore, 'get'>;
  /** User subjects to display names. @default users are not named */
  readonly users?: UserDirectory;
}

/** Installations read per page while looking for the page's plugin actors. */
const INSTALLATIONS_PER_PAGE = 100;

/**
 * Names for the actors of `records` that the platform knows: a plugin installation by its plugin's
 * name and version (while it is installed), a user by the directory's name. The records are never
 * changed (they are what the chain hashed); names travel beside them.
 */
export async function actorNames(
  deps: ActorNameDeps,
  tenantId: string,
  records: readonly AuditRecord[],
): Promise<AuditActorName[]> {
  const ids = (kind: AuditRecord['actor']['kind']) => [
    ...new Set(records.filter((r) => r.actor.kind === kind).map((r) => r.actor.id)),
  ];
  const [plugins, users] = await Promise.all([
    pluginNames(deps, tenantId, new Set(ids('plugin'))),
    userNames(deps, ids('user')),
  ]);
  return [...plugins, ...users];
}

async function userNames(deps: ActorNameDeps, subjects: string[]): Promise<AuditActorName[]> {
  if (!deps.users || subjects.length === 0) return [];
  const names = await deps.users.displayNames(subjects);
  return [...names].map(([id, name]) => ({ id, kind: 'user', name }));
}

async function pluginNames(
  deps: ActorNameDeps,
  tenantId: string,
  wanted: ReadonlySet<string>,
): Promise<AuditActorName[]> {
  if (!deps.installations || wanted.size === 0) return [];
  const found: { id: string; pluginId: string; version: string }[] = [];
  let cursor: string | undefined;
  // A tenant has a handful of installations; stop as soon as every actor of the page is found.
  do {
    const page = await deps.installations.list(tenantId, INSTALLATIONS_PER_PAGE, cursor);
    for (const i of page.items)
      if (wanted.has(i.installationId))
        found.push({ id: i.installationId, pluginId: i.pluginId, version: i.pluginVersion });
    cursor = page.cursor;
  } while (cursor !== undefined && found.length < wanted.size);
  return Promise.all(
    found.map(async ({ id, pluginId, version }) => ({
      id,
      kind: 'plugin' as const,
      name: (await deps.catalog?.get(pluginId))?.name ?? pluginId,
      pluginId,
      version,
    })),
  );
}
