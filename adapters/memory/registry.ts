import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { CatalogEntry, ExternalSubscriber } from '../../core/ports';
import type { Tenant } from '../../core/tenancy';
import { memoryCatalogStore } from './catalog';
import { memoryInstallationStore } from './installations';
import { memorySubscriberStore } from './subscribers';
import { memoryTenantStore } from './tenants';

/** A catalog entry as stored: with the lower-cased text the listing's text filter searches. */
export type StoredEntry = CatalogEntry & { readonly searchText: string };

/**
 * What the registry table holds, in memory. The stores share it as the DynamoDB ones share the
 * table, so an installation is counted on its catalog entry and a plugin in use cannot be deleted.
 */
export interface RegistryState {
  readonly tenants: Map<string, Tenant>;
  readonly entries: Map<string, StoredEntry>;
  /** Manifests by `<pluginId>@<version>`. */
  readonly versions: Map<string, PluginManifest>;
  /** Installations by `<tenantId>/<pluginId>`. */
  readonly installations: Map<string, Installation>;
  /** External subscribers by `<tenantId>/<subscriberId>`. */
  readonly subscribers: Map<string, ExternalSubscriber>;
}

export const registryState = (): RegistryState => ({
  tenants: new Map(),
  entries: new Map(),
  versions: new Map(),
  installations: new Map(),
  subscribers: new Map(),
});

export const versionKey = (pluginId: string, version: string) => `${pluginId}@${version}`;

/** The four registry stores over one shared state: what one registry table gives in AWS. */
export function memoryRegistry(state: RegistryState = registryState()) {
  return {
    tenants: memoryTenantStore(state),
    catalog: memoryCatalogStore(state),
    installations: memoryInstallationStore(state),
    subscribers: memorySubscriberStore(state),
  };
}
