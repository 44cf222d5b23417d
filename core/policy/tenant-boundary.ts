import { isTenantId } from '../tenancy';
import { type AuditLevel, type Decision, deny } from './decision';

/**
 * True only when both sides name the same, well-formed tenant. Well-formedness matters: an empty
 * or missing tenant on both sides must not count as "the same tenant", and a principal can never be
 * scoped to the platform's audit chain id.
 */
export const sameTenant = (principalTenant: string, resourceTenant: unknown): boolean =>
  isTenantId(principalTenant) && resourceTenant === principalTenant;

/**
 * The denial for crossing tenants. It names only the caller's own tenant and never the target, so
 * the answer is the same whether or not the other tenant (or its resource) exists.
 */
export const tenantBoundaryDenial = (
  principalTenant: string,
  who: string,
  auditLevel: AuditLevel = 'standard',
): Decision =>
  deny(
    'tenant_boundary',
    [
      `the tenant boundary applies: ${who} of tenant ${principalTenant} may act only within tenant ${principalTenant}`,
    ],
    auditLevel,
  );
