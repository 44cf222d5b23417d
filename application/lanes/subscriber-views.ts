import type { SubscriberClearance } from '../../core/canonical';
import { clearanceFromView, clearanceOf, viewOf } from '../../core/lanes/clearance-view';
import type { ManifestAuditLevel } from '../../core/manifest/types';
import { auditDetailOf, higherDetail } from '../../core/policy/audit-detail';
import type { CatalogStore, InstallationStore, SubscriberStore } from '../../core/ports';

/** For each canonical type, the distinct views of a tenant's subscribers, with a clearance each. */
export type SubscriberViews = ReadonlyMap<string, ReadonlyMap<string, SubscriberClearance>>;

/** A tenant's subscribers as a publish needs them. */
export interface TenantSubscribers {
  readonly views: SubscriberViews;
  /**
   * For each canonical type, the most detailed `compliance.audit_level` among the installations
   * subscribed to it: a delivery is recorded as the stricter of publisher and subscribers asks, as
   * an operator call is (docs/audit.md). External subscribers have no manifest: the floor.
   */
  readonly detail: ReadonlyMap<string, ManifestAuditLevel>;
}

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
  const cache = new Map<string, { at: number; subscribers: TenantSubscribers }>();

  return async function viewsOf(tenantId: string): Promise<TenantSubscribers> {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < cacheMs) return hit.subscribers;
    const views = new Map<string, Map<string, SubscriberClearance>>();
    const detail = new Map<string, ManifestAuditLevel>();
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
        if (!manifest) continue;
        const level = auditDetailOf(manifest);
        for (const type of manifest.events?.subscribes ?? []) {
          add(type, viewOf(manifest), clearanceOf(manifest));
          detail.set(type, higherDetail(detail.get(type) ?? 'basic', level));
        }
      }
      cursor = page.cursor;
    } while (cursor);
    // External subscribers get the copy for the view their tenant admin chose.
    for (const subscriber of await deps.subscribers.list(tenantId)) {
      for (const type of subscriber.types) add(type, subscriber.view, clearanceFromView(subscriber.view));
    }
    const subscribers = { views, detail };
    cache.set(tenantId, { at: Date.now(), subscribers });
    return subscribers;
  };
}
