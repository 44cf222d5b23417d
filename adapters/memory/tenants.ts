import { ConflictError } from '../../core/errors';
import type { TenantStore } from '../../core/ports';
import { byKey, copy, pageOf } from './cursor';
import type { RegistryState } from './registry';

export function memoryTenantStore(state: RegistryState): TenantStore {
  return {
    async create(tenant) {
      if (state.tenants.has(tenant.id)) throw new ConflictError(`Tenant ${tenant.id} already exists.`);
      state.tenants.set(tenant.id, copy(tenant));
    },
    async get(tenantId) {
      const tenant = state.tenants.get(tenantId);
      return tenant && copy(tenant);
    },
    async list(limit, cursor) {
      return pageOf(byKey(state.tenants), 'tenants', limit, cursor);
    },
  };
}
