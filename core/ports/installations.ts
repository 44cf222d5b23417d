import type { Installation } from '../installation/types';
import type { InstallationState } from '../lifecycle';
import type { Page } from './page';

/**
 * Installations of plugins in tenants, one per tenant and plugin. Every write is conditional on
 * the revision read (optimistic concurrency): of two concurrent changes exactly one wins.
 */
export interface InstallationStore {
  /**
   * Records a new installation and counts it on its catalog entry, atomically. A ConflictError when
   * the tenant has the plugin already; a NotFoundError when the version is not in the catalog or
   * the plugin is not available (being deleted).
   */
  create(installation: Installation): Promise<void>;
  get(tenantId: string, pluginId: string): Promise<Installation | undefined>;
  /**
   * A tenant's installations in plugin id order, at most `limit` per page. A cursor is only
   * accepted by the listing that returned it (a ValidationError otherwise).
   */
  list(tenantId: string, limit: number, cursor?: string): Promise<Page<Installation>>;
  /** Every installation in a state, across tenants (the health schedule walks the Active ones). */
  inState(state: InstallationState): AsyncIterable<Installation>;
  /**
   * Writes `next` only if the stored revision is still `next.rev - 1`; otherwise (or when it is
   * gone) a ConcurrentModificationError.
   */
  save(next: Installation): Promise<Installation>;
  /**
   * Removes the installation at the revision read and uncounts it on its catalog entry,
   * atomically; a ConcurrentModificationError when it changed or is gone.
   */
  remove(current: Installation): Promise<void>;
}
