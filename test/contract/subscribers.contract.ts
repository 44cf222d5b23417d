import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../core/errors';
import type { ExternalSubscriber } from '../../core/ports';
import { uniqueName } from '../support/unique';
import type { Make, RegistryStores } from './fixtures';

const subscriberOf = (tenantId: string, subscriberId: string): ExternalSubscriber => ({
  tenantId,
  subscriberId,
  busArn: `arn:aws:events:us-east-1:111122223333:event-bus/${subscriberId}`,
  types: ['UserCreated.v1'],
  view: 'pii',
  rules: [`vx-${subscriberId}-0123456789ab`],
  createdAt: new Date().toISOString(),
  createdBy: 'admin-1',
});

/** What every SubscriberStore does, whatever stores it. */
export function subscriberStoreContract(implementation: string, make: Make<RegistryStores>) {
  describe(`SubscriberStore contract: ${implementation}`, () => {
    let stores: RegistryStores;
    beforeAll(async () => {
      stores = await make();
    });

    it("keeps a tenant's subscribers apart from every other tenant's, in id order", async () => {
      // Prepare
      const tenantId = uniqueName('clinic');
      const [b, a] = [subscriberOf(tenantId, 'sub-b'), subscriberOf(tenantId, 'sub-a')];
      const elsewhere = subscriberOf(uniqueName('other'), 'sub-a');

      // Act
      for (const subscriber of [b, a, elsewhere]) await stores.subscribers.create(subscriber);

      // Assess
      expect(await stores.subscribers.list(tenantId)).toEqual([a, b]);
      expect(await stores.subscribers.get(tenantId, 'sub-a')).toEqual(a);
      expect(await stores.subscribers.get(elsewhere.tenantId, 'sub-b')).toBeUndefined();
      expect(await stores.subscribers.list(uniqueName('none'))).toEqual([]);
    });

    it('creates a subscriber once, and removes it (again harmlessly)', async () => {
      // Prepare
      const subscriber = subscriberOf(uniqueName('clinic'), 'sub-1');
      await stores.subscribers.create(subscriber);

      // Act
      const twice = stores.subscribers.create({ ...subscriber, view: 'public' });
      await expect(twice).rejects.toBeInstanceOf(ConflictError);
      await stores.subscribers.remove(subscriber.tenantId, 'sub-1');
      await stores.subscribers.remove(subscriber.tenantId, 'sub-1');

      // Assess
      expect(await stores.subscribers.get(subscriber.tenantId, 'sub-1')).toBeUndefined();
      expect(await stores.subscribers.list(subscriber.tenantId)).toEqual([]);
    });
  });
}
