import type { SubscriberClearance } from '../../core/canonical';
import { clearanceFromView, clearanceOf, viewOf } from '../../core/lanes/clearance-view';
import type { CatalogStore, InstallationStore, SubscriberStore } from '../../core/ports';

/** For each canonical type, the distinct views of a tenant's subscribers, with a clearance each. */
export type SubscriberViews = ReadonlyMap<string, ReadonlyMap<string, SubscriberClearance>>;

export interface SubscriberViewsDeps {
  readonly installations: Pick<InstallationStore, 'list'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly subscribers: Pick<SubscriberStore, 'list'>;
}

/**
 * A tenant's subscriber views, reused for `cacheMs`: every publish needs them, and they change
 * only when an installation is enabled or a subscriber added, which a few seconds late is harmless.
 */
export function subscriberViews(deps: SubscriberViewsDeps, cacheMs = 10_000) {
  const cache = new Map<string, { at: number; views: SubscriberViews }>();

  return async function viewsOf(tenantId: string): Promise<SubscriberViews> {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < cacheMs) return hit.views;
    const views = new Map<string, Map<string, SubscriberClearance>>();
    const add = (type: string, view: string, clearance: SubscriberClearance) => {
      const byView = views.get(type) ?? new Map<string, SubscriberClearance>();
      byView.set(view, clearance);
      views.set(type, byView);
    };
    let cursor: string | undefined;
    do {
      const page = await deps.installations.list(tenantId, 100, cursor);
      for (const installation of page.items) {
        if (!installation.resources.queueUrl) continue;
        const manifest = await deps.catalog.getManifest(installation.pluginId, installation.pluginVersion);
        for (const type of manifest?.events?.subscribes ?? [])
          add(type, viewOf(manifest!), clearanceOf(manifest!));
      }
      cursor = page.cursor;
    } while (cursor);
    // External subscribers get the copy for the view their tenant admin chose.
    for (const subscriber of await deps.subscribers.list(tenantId)) {
      for (const type of subscriber.types) add(type, subscriber.view, clearanceFromView(subscriber.view));
    }
    cache.set(tenantId, { at: Date.now(), views });
    return views;
  };
}
