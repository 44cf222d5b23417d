import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { uniqueName } from '../support/unique';
import { everyPage, installationOf, type Make, type RegistryStores, uniquePlugin } from './fixtures';

/** What every CatalogStore does (with the installation store it shares storage with). */
export function catalogStoreContract(implementation: string, make: Make<RegistryStores>) {
  describe(`CatalogStore contract: ${implementation}`, () => {
    let stores: RegistryStores;
    beforeAll(async () => {
      stores = await make();
    });
    const at = () => new Date().toISOString();

    it('registers versions: the entry follows the highest, every manifest stays readable', async () => {
      // Prepare
      const first = uniquePlugin('1.2.0');
      const higher = { ...first, version: '1.10.0', name: 'Renamed' };
      const lower = { ...first, version: '1.3.0', name: 'Older' };

      // Act
      const registered = await stores.catalog.register(first, 'manager-1', at());
      await stores.catalog.register(higher, 'manager-2', at());
      await stores.catalog.register(lower, 'manager-3', at());
      const entry = await stores.catalog.get(first.id);

      // Assess
      expect(registered).toMatchObject({ pluginId: first.id, latestVersion: '1.2.0', installationCount: 0 });
      expect(entry).toMatchObject({
        pluginId: first.id,
        name: 'Renamed',
        latestVersion: '1.10.0',
        versions: ['1.2.0', '1.3.0', '1.10.0'],
        contracts: ['CommunicationPlugin'],
        categories: ['Communication'],
        status: 'available',
        installationCount: 0,
        registeredBy: 'manager-3',
      });
      expect(entry).not.toHaveProperty('searchText');
      expect(await stores.catalog.getManifest(first.id, '1.3.0')).toEqual(lower);
      expect(await stores.catalog.getManifest(first.id, '9.9.9')).toBeUndefined();
      expect(await stores.catalog.get(uniqueName('absent'))).toBeUndefined();
    });

    it('refuses a version registered already, keeping the first', async () => {
      // Prepare
      const manifest = uniquePlugin();
      await stores.catalog.register(manifest, 'manager-1', at());

      // Act
      const again = stores.catalog.register({ ...manifest, name: 'Again' }, 'manager-2', at());

      // Assess
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      expect(await stores.catalog.getManifest(manifest.id, manifest.version)).toEqual(manifest);
    });

    it('lists available entries matching the filter, in id order, page by page', async () => {
      // Prepare
      const tag = uniqueName('tag').replaceAll('-', '');
      const made = ['b', 'a', 'c'].map((s) =>
        uniquePlugin('1.0.0', {
          id: `${tag}-${s}`,
          name: `Tagged ${s}`,
          description: `About ${tag.toUpperCase()}`,
        }),
      );
      const other = uniquePlugin('1.0.0', { traits: ['audit_required'] });
      for (const manifest of [...made, other]) await stores.catalog.register(manifest, 'manager', at());

      // Act
      const byText = await everyPage(2, (cursor) => stores.catalog.list({ text: tag }, 2, cursor));
      const byTrait = await everyPage(100, (cursor) =>
        stores.catalog.list(
          { text: tag, trait: 'handles_pii', contract: 'CommunicationPlugin' },
          100,
          cursor,
        ),
      );
      const none = await everyPage(100, (cursor) =>
        stores.catalog.list({ text: tag, category: 'Storage' }, 100, cursor),
      );

      // Assess
      expect(byText.items.map((e) => e.pluginId)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
      expect(byTrait.items.map((e) => e.pluginId)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
      expect(none.items).toEqual([]);
      expect(byText.items[0]).not.toHaveProperty('searchText');
    });

    it('refuses a cursor it did not hand out', async () => {
      await expect(stores.catalog.list({}, 2, 'not-a-cursor')).rejects.toBeInstanceOf(ValidationError);
    });

    it('counts installations, refuses deleting a plugin in use, and deletes it once unused', async () => {
      // Prepare
      const manifest = uniquePlugin();
      await stores.catalog.register(manifest, 'manager', at());
      const installation = installationOf(uniqueName('clinic'), manifest);
      await stores.installations.create(installation);

      // Act
      const counted = await stores.catalog.get(manifest.id);
      const inUse = stores.catalog.delete(manifest.id);
      await expect(inUse).rejects.toBeInstanceOf(ConflictError);
      await stores.installations.remove(installation);
      const uncounted = await stores.catalog.get(manifest.id);
      await stores.catalog.delete(manifest.id);

      // Assess
      expect(counted?.installationCount).toBe(1);
      expect(uncounted?.installationCount).toBe(0);
      expect(await stores.catalog.get(manifest.id)).toBeUndefined();
      expect(await stores.catalog.getManifest(manifest.id, manifest.version)).toBeUndefined();
      await expect(stores.catalog.delete(manifest.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('can register a plugin again after it was deleted', async () => {
      // Prepare
      const manifest = uniquePlugin();
      await stores.catalog.register(manifest, 'manager', at());
      await stores.catalog.delete(manifest.id);

      // Act
      const entry = await stores.catalog.register(manifest, 'manager', at());

      // Assess
      expect(entry).toMatchObject({
        pluginId: manifest.id,
        versions: [manifest.version],
        installationCount: 0,
      });
    });
  });
}
