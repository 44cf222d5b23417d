import { describe, expect, it } from 'vitest';
import { registryReads } from '../../../application/lanes/registry-reads';
import type { Installation } from '../../../core/installation/types';
import type { PluginManifest } from '../../../core/manifest/types';
import { installationOf, uniquePlugin } from '../../contract/fixtures';

/** Stores that answer what they are set to hold, counting reads. */
function countingStores() {
  const installations = new Map<string, Installation>();
  const manifests = new Map<string, PluginManifest>();
  const reads: string[] = [];
  return {
    installations,
    manifests,
    reads,
    stores: {
      installations: {
        get: async (tenantId: string, pluginId: string) => {
          reads.push(`installation ${tenantId}/${pluginId}`);
          return installations.get(`${tenantId}/${pluginId}`);
        },
      },
      catalog: {
        getManifest: async (pluginId: string, version: string) => {
          reads.push(`manifest ${pluginId}@${version}`);
          return manifests.get(`${pluginId}@${version}`);
        },
      },
    },
  };
}

describe('installations and manifests held per container', () => {
  const manifest = uniquePlugin();
  const active = installationOf('clinic-a', manifest, { state: 'Active' });
  const at = `clinic-a/${manifest.id}`;

  it('reads an installation once within its TTL, and again after it: a disable elsewhere is seen within the bound', async () => {
    // Prepare
    let clock = 0;
    const held = countingStores();
    held.installations.set(at, active);
    const reads = registryReads(held.stores, { installationTtlMs: 5_000, now: () => clock });

    // Act
    const first = await reads.installations.get('clinic-a', manifest.id);
    held.installations.set(at, { ...active, state: 'Disabled', rev: 2 });
    clock = 4_999;
    const within = await reads.installations.get('clinic-a', manifest.id);
    clock = 5_000;
    const after = await reads.installations.get('clinic-a', manifest.id);

    // Assess
    expect([first?.state, within?.state, after?.state]).toEqual(['Active', 'Active', 'Disabled']);
    expect(held.reads).toHaveLength(2);
  });

  it('never holds an installation that is not there, so one made meanwhile is seen on its first call', async () => {
    // Prepare
    const held = countingStores();
    const reads = registryReads(held.stores);

    // Act
    const before = await reads.installations.get('clinic-a', manifest.id);
    held.installations.set(at, active);
    const made = await reads.installations.get('clinic-a', manifest.id);

    // Assess
    expect(before).toBeUndefined();
    expect(made).toEqual(active);
  });

  it('holds a manifest version for its own TTL, and forgets every version of a plugin that changed', async () => {
    // Prepare
    let clock = 0;
    const held = countingStores();
    const other = uniquePlugin();
    held.manifests.set(`${manifest.id}@1.0.0`, manifest);
    held.manifests.set(`${other.id}@1.0.0`, other);
    const reads = registryReads(held.stores, { manifestTtlMs: 60_000, now: () => clock });
    await reads.catalog.getManifest(manifest.id, '1.0.0');
    await reads.catalog.getManifest(other.id, '1.0.0');

    // Act
    clock = 59_999;
    await reads.catalog.getManifest(manifest.id, '1.0.0');
    const changed = { ...manifest, description: 'registered again' };
    held.manifests.set(`${manifest.id}@1.0.0`, changed);
    reads.forget({ kind: 'plugin', pluginId: manifest.id });
    const again = await reads.catalog.getManifest(manifest.id, '1.0.0');
    await reads.catalog.getManifest(other.id, '1.0.0');
    clock = 60_000;
    await reads.catalog.getManifest(other.id, '1.0.0');

    // Assess
    expect(again).toEqual(changed);
    expect(held.reads).toEqual([
      `manifest ${manifest.id}@1.0.0`,
      `manifest ${other.id}@1.0.0`,
      `manifest ${manifest.id}@1.0.0`,
      `manifest ${other.id}@1.0.0`,
    ]);
  });

  it('forgets an installation a change was announced for, and does not hold a read that was in flight across it', async () => {
    // Prepare
    const held = countingStores();
    held.installations.set(at, active);
    const reads = registryReads(held.stores);
    await reads.installations.get('clinic-a', manifest.id);

    // Act: the change lands while a read sent before it is still out.
    held.installations.set(at, { ...active, state: 'Disabled', rev: 2 });
    reads.forget({ kind: 'installation', tenantId: 'clinic-a', pluginId: manifest.id });
    held.installations.set(at, active);
    const inFlight = reads.installations.get('clinic-a', manifest.id);
    reads.forget({ kind: 'installation', tenantId: 'clinic-a', pluginId: manifest.id });
    held.installations.set(at, { ...active, state: 'Disabled', rev: 3 });
    const answered = await inFlight;
    const next = await reads.installations.get('clinic-a', manifest.id);

    // Assess
    expect(answered?.state).toBe('Active');
    expect(next?.state).toBe('Disabled');
    expect(held.reads).toHaveLength(3);
  });

  it('holds at most `maxInstallations`, dropping the least recently used', async () => {
    // Prepare
    const held = countingStores();
    for (const tenant of ['a', 'b', 'c']) held.installations.set(`${tenant}/${manifest.id}`, active);
    const reads = registryReads(held.stores, { maxInstallations: 2 });

    // Act
    for (const tenant of ['a', 'b', 'a', 'c', 'a', 'b']) await reads.installations.get(tenant, manifest.id);

    // Assess
    expect(held.reads.map((r) => r.split(' ')[1]!.split('/')[0])).toEqual(['a', 'b', 'c', 'b']);
  });

  it('gives what is not there no room of its own: lookups of missing installations push nothing out', async () => {
    // Prepare
    const held = countingStores();
    held.installations.set(at, active);
    const reads = registryReads(held.stores, { maxInstallations: 1 });
    await reads.installations.get('clinic-a', manifest.id);

    // Act
    await reads.installations.get('clinic-x', manifest.id);
    await reads.installations.get('clinic-y', manifest.id);
    reads.forget({ kind: 'installation', tenantId: 'clinic-z', pluginId: manifest.id });
    const still = await reads.installations.get('clinic-a', manifest.id);

    // Assess
    expect(still).toEqual(active);
    expect(held.reads.filter((r) => r.includes('clinic-a'))).toHaveLength(1);
  });
});
