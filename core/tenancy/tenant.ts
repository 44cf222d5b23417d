/** A tenant: an organization whose users, installations, audit chain and (optionally) key are its own. */

export const TENANT_TIERS = ['standard', 'enterprise'] as const;
export type TenantTier = (typeof TENANT_TIERS)[number];

/** `dedicated` gives the tenant its own KMS key, so offboarding can crypto-shred its data. */
export const KEY_MODES = ['shared', 'dedicated'] as const;
export type KeyMode = (typeof KEY_MODES)[number];

export const TENANT_STATUSES = ['active', 'suspended', 'offboarded'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly tier: TenantTier;
  readonly keyMode: KeyMode;
  readonly status: TenantStatus;
  /** ISO 8601 instant. */
  readonly createdAt: string;
}

/**
 * Lower-case letters, digits and hyphens, 2 to 63 characters, not starting with a hyphen: safe as
 * a DynamoDB key part, an S3 prefix, a KMS alias segment and an EventBridge rule filter value.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const isTenantId = (value: unknown): value is string =>
  typeof value === 'string' && TENANT_ID_PATTERN.test(value);

/**
 * Where the platform's own actions (tenant creation, catalog changes) are audited. The leading
 * underscore is outside TENANT_ID_PATTERN, so no tenant can ever be created with this id and no
 * tenant user can ever be scoped to it.
 */
export const PLATFORM_TENANT_ID = '_platform';
