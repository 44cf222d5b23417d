import type { Tenant } from '../tenancy';
import type { Page } from './page';

/** The tenants of the platform. */
export interface TenantStore {
  /** Creates a tenant; a second create with the same id is a ConflictError, never an overwrite. */
  create(tenant: Tenant): Promise<void>;
  get(tenantId: string): Promise<Tenant | undefined>;
  /**
   * Tenants in id order, at most `limit` per page. A cursor is only accepted by the listing that
   * returned it (a ValidationError otherwise).
   */
  list(limit: number, cursor?: string): Promise<Page<Tenant>>;
}
