import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConcurrentModificationError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { uniqueName } from '../support/unique';
import { everyPage, installationOf, type Make, type RegistryStores, refusal, uniquePlugin } from './fixtures';

/** What every InstallationStore does (with the catalog store it shares storage with). */
export function installationStoreContract(implementation: string, make: Make<RegistryStores>) {
  describe(`InstallationStore contract: ${implementation}`, () => {
    let stores: RegistryStores;
    beforeAll(async () => {
      stores = await make();
    });
    const registered = async () => {
      const manifest = uniquePlugin();
      await stores.catalog.register(manifest, 'manager', new Date().toISOString());
      return manifest;
    };

    it('creates an installation once per tenant and plugin, and reads it back', async () => {
      // Prepare
      const manifest = await registered();
      const installation = installationOf(uniqueName('clinic'), manifest);

      // Act
      await stores.installations.create(installation);
      const twice = stores.installations.create({ ...installation, installationId: 'another' });

      // Assess
      await expect(twice).rejects.toBeInstanceOf(ConflictError);
      expect(await stores.installations.get(installation.tenantId, manifest.id)).toEqual(installation);
      expect(await stores.installations.get(uniqueName('other'), manifest.id)).toBeUndefined();
      expect((await stores.catalog.get(manifest.id))?.installationCount).toBe(1);
    });

    it('refuses to install a version or a plugin the catalog does not have', async () => {
      // Prepare
      const manifest = await registered();
      const tenantId = uniqueName('clinic');

      // Act
      const noVersion = await refusal(
        stores.installations.create(installationOf(tenantId, { ...manifest, version: '9.0.0' })),
      );
      const noPlugin = await refusal(stores.installations.create(installationOf(tenantId, uniquePlugin())));

      // Assess
      expect(noVersion).toBeInstanceOf(NotFoundError);
      expect(noPlugin).toBeInstanceOf(NotFoundError);
      expect(await stores.installations.get(tenantId, manifest.id)).toBeUndefined();
      expect((await stores.catalog.get(manifest.id))?.installationCount).toBe(0);
    });

    it('saves a change only over the revision it was made from', async () => {
      // Prepare
      const manifest = await registered();
      const installation = installationOf(uniqueName('clinic'), manifest);
      await stores.installations.create(installation);
      const next = (from: Installation, updatedBy: string): Installation => ({
        ...from,
        rev: from.rev + 1,
        state: 'Active',
        updatedBy,
      });

      // Act
      const saved = await stores.installations.save(next(installation, 'first'));
      const stale = await refusal(stores.installations.save(next(installation, 'second')));
      const missing = await refusal(
        stores.installations.save(next(installationOf(installation.tenantId, uniquePlugin()), 'x')),
      );

      // Assess
      expect(stale).toBeInstanceOf(ConcurrentModificationError);
      expect(missing).toBeInstanceOf(ConcurrentModificationError);
      expect(saved.rev).toBe(2);
      expect(await stores.installations.get(installation.tenantId, manifest.id)).toMatchObject({
        rev: 2,
        state: 'Active',
        updatedBy: 'first',
      });
    });

    it('removes only at the revision read, and uncounts it on the plugin', async () => {
      // Prepare
      const manifest = await registered();
      const installation = installationOf(uniqueName('clinic'), manifest);
      await stores.installations.create(installation);
      const saved = await stores.installations.save({ ...installation, rev: 2 });

      // Act
      const stale = stores.installations.remove(installation);
      await expect(stale).rejects.toBeInstanceOf(ConcurrentModificationError);
      await stores.installations.remove(saved);

      // Assess
      expect(await stores.installations.get(installation.tenantId, manifest.id)).toBeUndefined();
      expect((await stores.catalog.get(manifest.id))?.installationCount).toBe(0);
      await expect(stores.installations.remove(saved)).rejects.toBeInstanceOf(ConcurrentModificationError);
    });

    it("lists a tenant's installations only, in plugin order, page by page", async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      const manifests = [await registered(), await registered(), await registered()];
      for (const manifest of manifests) await stores.installations.create(installationOf(tenantId, manifest));
      await stores.installations.create(installationOf(uniqueName('other'), manifests[0]!));

      // Act
      const { items, pages } = await everyPage(2, (cursor) => stores.installations.list(tenantId, 2, cursor));

      // Assess
      expect(items.map((i) => i.pluginId)).toEqual(manifests.map((m) => m.id).sort());
      expect(items.every((i) => i.tenantId === tenantId)).toBe(true);
      expect(pages).toBe(2);
    });

    it("refuses a cursor of another tenant's listing", async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      for (const manifest of [await registered(), await registered()]) {
        await stores.installations.create(installationOf(tenantId, manifest));
      }
      const { cursor } = await stores.installations.list(tenantId, 1);

      // Act
      const elsewhere = stores.installations.list(uniqueName('other'), 1, cursor);

      // Assess
      expect(cursor).toBeDefined();
      await expect(elsewhere).rejects.toBeInstanceOf(ValidationError);
    });

    it('walks every installation in a state, across tenants', async () => {
      // Prepare
      const manifest = await registered();
      const unhealthy = [uniqueName('clinic'), uniqueName('clinic')].map((tenantId) =>
        installationOf(tenantId, manifest, { state: 'Unhealthy' }),
      );
      for (const installation of unhealthy) await stores.installations.create(installation);
      await stores.installations.create(
        installationOf(uniqueName('clinic'), manifest, { state: 'Disabled' }),
      );

      // Act
      const found: Installation[] = [];
      for await (const installation of stores.installations.inState('Unhealthy')) found.push(installation);

      // Assess
      const mine = found.filter((i) => i.pluginId === manifest.id);
      expect(mine.map((i) => i.installationId).sort()).toEqual(unhealthy.map((i) => i.installationId).sort());
      expect(found.every((i) => i.state === 'Unhealthy')).toBe(true);
    });
  });
}
