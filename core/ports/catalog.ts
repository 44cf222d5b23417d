import type { PluginManifest } from '../manifest/types';
import type { Page } from './page';

/** A catalog entry: the plugin's latest version summarised for browsing, plus how many tenants run it. */
export interface CatalogEntry {
  readonly pluginId: string;
  readonly name: string;
  readonly description?: string;
  readonly latestVersion: string;
  readonly versions: readonly string[];
  readonly contracts: readonly string[];
  readonly categories: readonly string[];
  readonly traits: readonly string[];
  readonly installationCount: number;
  readonly status: 'available' | 'deleting';
  readonly registeredAt: string;
  readonly registeredBy: string;
}

/** What a catalog listing keeps: entries with this contract, category and trait, whose id, name or description contains `text` (any case). */
export interface CatalogFilter {
  readonly contract?: string;
  readonly category?: string;
  readonly trait?: string;
  readonly text?: string;
}

/**
 * The plugin catalog: every registered version's manifest, and one entry per plugin that follows
 * its highest version. Installations are counted on the entry by the installation store, which
 * shares its storage.
 */
export interface CatalogStore {
  /**
   * Adds a manifest version and moves the entry to it when it is the highest. A version already
   * registered, a plugin being deleted, or an entry that changed meanwhile is a ConflictError.
   */
  register(manifest: PluginManifest, registeredBy: string, now: string): Promise<CatalogEntry>;
  get(pluginId: string): Promise<CatalogEntry | undefined>;
  getManifest(pluginId: string, version: string): Promise<PluginManifest | undefined>;
  /**
   * Available entries in plugin id order that match the filter. A page holds at most `limit`
   * entries and may hold fewer while a cursor says more may follow; a cursor is only accepted by
   * the listing that returned it (a ValidationError otherwise).
   */
  list(filter: CatalogFilter, limit: number, cursor?: string): Promise<Page<CatalogEntry>>;
  /**
   * Removes a plugin and every version: a NotFoundError when it is not in the catalog, a
   * ConflictError while any tenant has it installed. A retry after a partial failure finishes it.
   */
  delete(pluginId: string): Promise<void>;
}
