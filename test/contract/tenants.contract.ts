import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../core/errors';
import { newTenant } from '../../core/tenancy';
import { uniqueName } from '../support/unique';
import { everyPage, type Make, type RegistryStores } from './fixtures';

/** What every TenantStore does, whatever stores it. */
export function tenantStoreContract(implementation: string, make: Make<RegistryStores>) {
  describe(`TenantStore contract: ${implementation}`, () => {
    let stores: RegistryStores;
    beforeAll(async () => {
      stores = await make();
    });

    it('creates a tenant once: a second create with the same id is a conflict, the first kept', async () => {
      // Prepare
      const tenant = newTenant({ id: uniqueName('clinic'), name: 'Clinic' }, new Date().toISOString());

      // Act
      await stores.tenants.create(tenant);
      const again = stores.tenants.create({ ...tenant, name: 'Impostor' });

      // Assess
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      expect(await stores.tenants.get(tenant.id)).toEqual(tenant);
      expect(await stores.tenants.get(uniqueName('absent'))).toBeUndefined();
    });

    it('lists every tenant once, in id order, page by page', async () => {
      // Prepare
      const prefix = uniqueName('list');
      const made = ['c', 'a', 'b'].map((s) =>
        newTenant({ id: `${prefix}-${s}`, name: s }, new Date().toISOString()),
      );
      for (const tenant of made) await stores.tenants.create(tenant);

      // Act
      const { items, pages } = await everyPage(2, (cursor) => stores.tenants.list(2, cursor));

      // Assess
      const ids = items.map((t) => t.id);
      expect(ids.filter((id) => id.startsWith(prefix))).toEqual([
        `${prefix}-a`,
        `${prefix}-b`,
        `${prefix}-c`,
      ]);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
      expect(pages).toBeGreaterThanOrEqual(2);
    });

    it('refuses a cursor it did not hand out', async () => {
      await expect(stores.tenants.list(2, 'not-a-cursor')).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
