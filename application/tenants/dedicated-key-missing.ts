import { ConflictError } from '../../core/errors';

/**
 * A dedicated tenant whose key the deployment does not have: created anyway, its data would be
 * sealed under the platform key, where offboarding could not shred it.
 */
export class DedicatedKeyMissingError extends ConflictError {
  override readonly code = 'dedicated_key_not_provisioned';

  constructor(tenantId: string) {
    super(
      `Tenant ${tenantId} asks for a dedicated key, but this deployment has none for it: add ${tenantId} to the vivified:dedicatedKeyTenants context, deploy, then create the tenant.`,
      { tenantId },
    );
  }
}
