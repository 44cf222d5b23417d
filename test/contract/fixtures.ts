import { randomUUID } from 'node:crypto';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { CatalogStore, InstallationStore, SubscriberStore, TenantStore } from '../../core/ports';
import { notifierManifest } from '../support/manifests';
import { uniqueName } from '../support/unique';

/** The registry's stores over one storage, as one table (or one memory state) gives them. */
export interface RegistryStores {
  readonly tenants: TenantStore;
  readonly catalog: CatalogStore;
  readonly installations: InstallationStore;
  readonly subscribers: SubscriberStore;
}

/** Makes the implementation under test; called once per suite, before its tests. */
export type Make<T> = () => Promise<T> | T;

/** A plugin no other test registers, at a version, with words only it carries. */
export function uniquePlugin(version = '1.0.0', overrides: Partial<PluginManifest> = {}): PluginManifest {
  const id = uniqueName('plugin');
  return notifierManifest(version, { id, name: `Plugin ${id}`, ...overrides });
}

export function installationOf(
  tenantId: string,
  manifest: PluginManifest,
  overrides: Partial<Installation> = {},
): Installation {
  const at = new Date().toISOString();
  return {
    tenantId,
    pluginId: manifest.id,
    installationId: randomUUID(),
    pluginVersion: manifest.version,
    state: 'Registered',
    rev: 1,
    config: { sender: 'ops@clinic.example' },
    sealedSecrets: {},
    resources: {},
    health: { consecutiveFailures: 0, history: [] },
    createdAt: at,
    updatedAt: at,
    updatedBy: 'contract',
    ...overrides,
  };
}

/** Every item of a listing, page by page, checking each page keeps to the limit. */
export async function everyPage<T>(
  limit: number,
  page: (cursor?: string) => Promise<{ readonly items: readonly T[]; readonly cursor?: string }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const next = await page(cursor);
    if (next.items.length > limit)
      throw new Error(`A page held ${next.items.length} items; the limit was ${limit}.`);
    items.push(...next.items);
    cursor = next.cursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

/** What a call was refused with; a call that succeeds where a refusal is due fails the test. */
export async function refusal(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('The call succeeded; a refusal was expected.');
}
