export {
  isTenantId,
  KEY_MODES,
  type KeyMode,
  PLATFORM_TENANT_ID,
  TENANT_ID_PATTERN,
  TENANT_STATUSES,
  TENANT_TIERS,
  type Tenant,
  type TenantStatus,
  type TenantTier,
} from './tenant';
export { newTenant, TENANT_NAME_MAX_LENGTH, type TenantInput, validateTenantInput } from './validate';
