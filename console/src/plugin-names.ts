import type { CatalogEntry, Page } from '../../functions/wire';
import { can } from './access';
import { useConsole, useLoad } from './context';

/**
 * Plugins by their names, as people know them, rather than their ids: the catalog's names for
 * whoever may browse it, the id itself otherwise (and while the catalog loads).
 */
export function usePluginNames(): (pluginId: string) => string {
  const { api, session } = useConsole();
  const allowed = can(session, 'catalog.browse');
  const catalog = useLoad(async () => {
    if (!allowed) return new Map<string, string>();
    const names = new Map<string, string>();
    let cursor: string | undefined;
    // The whole catalog, page by page: a tenant's installations may be anywhere in it.
    do {
      const page: Page<CatalogEntry> = await api(
        'GET',
        `/v1/plugins?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      for (const entry of page.items) names.set(entry.pluginId, entry.name);
      cursor = page.cursor;
    } while (cursor);
    return names;
  }, String(allowed));
  return (pluginId) => catalog.data?.get(pluginId) ?? pluginId;
}
