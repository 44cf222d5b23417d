import type { DedicatedKeys } from '../../core/ports';
import { isTenantId } from '../../core/tenancy';

/**
 * The dedicated KMS keys the deployment provisioned (`vivified:dedicatedKeyTenants`), as key ARNs
 * by tenant id. Kept apart from the envelope so a function that only needs to know who has a key
 * (tenant creation) does not carry the Encryption SDK.
 */
export type TenantKeys = ReadonlyMap<string, string>;

// A key ARN, not an alias or bare key id: on open the keyring only tries data keys whose recorded
// key ARN equals a key it was configured with, so anything else would seal values it never opens.
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Reads the tenant keys from their configuration form, the JSON object
 * `{"<tenantId>":"<key ARN>"}` (VIVIFIED_TENANT_KEYS); absent or blank means none. Anything else
 * is refused at start-up: a tenant key silently dropped would seal that tenant's data under the
 * platform key, where offboarding cannot shred it.
 */
export function tenantKeysFromJson(json: string | undefined): TenantKeys {
  if (json === undefined || json.trim() === '') return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('Tenant keys are not valid JSON; expected {"<tenantId>":"<KMS key ARN>"}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Tenant keys must be a JSON object {"<tenantId>":"<KMS key ARN>"}.');
  }
  const keys = new Map<string, string>();
  for (const [tenantId, keyArn] of Object.entries(parsed)) {
    if (!isTenantId(tenantId)) {
      throw new Error(`Tenant keys name an invalid tenant id ${JSON.stringify(tenantId)}.`);
    }
    if (typeof keyArn !== 'string' || !KEY_ARN.test(keyArn)) {
      throw new Error(`The key of tenant ${tenantId} must be a KMS key ARN (arn:…:kms:…:key/…).`);
    }
    keys.set(tenantId, keyArn);
  }
  return keys;
}

export const dedicatedKeys = (keys: TenantKeys): DedicatedKeys => ({
  hasDedicatedKey: (tenantId) => keys.has(tenantId),
});
