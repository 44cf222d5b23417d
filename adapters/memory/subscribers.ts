import { ConflictError } from '../../core/errors';
import type { SubscriberStore } from '../../core/ports';
import { byKey, copy } from './cursor';
import type { RegistryState } from './registry';

const key = (tenantId: string, subscriberId: string) => `${tenantId}/${subscriberId}`;

export function memorySubscriberStore(state: RegistryState): SubscriberStore {
  return {
    async create(subscriber) {
      const at = key(subscriber.tenantId, subscriber.subscriberId);
      if (state.subscribers.has(at)) throw new ConflictError(`Subscriber ${subscriber.subscriberId} exists.`);
      state.subscribers.set(at, copy(subscriber));
    },
    async get(tenantId, subscriberId) {
      const subscriber = state.subscribers.get(key(tenantId, subscriberId));
      return subscriber && copy(subscriber);
    },
    async list(tenantId) {
      return byKey(state.subscribers)
        .filter(([, s]) => s.tenantId === tenantId)
        .map(([, s]) => copy(s));
    },
    async remove(tenantId, subscriberId) {
      state.subscribers.delete(key(tenantId, subscriberId));
    },
  };
}
