import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import LRUMap from 'mnemonist/lru-map';
import { SealingKeyUnavailableError } from '../../core/errors';
import { isTenantId } from '../../core/tenancy';
import { type StoreDocuments, storeDocuments } from './registry/document-client';
import { keys } from './registry/keys';

/** Where the envelope finds the dedicated key (a KMS key ARN) of a tenant; undefined means none. */
export interface TenantKeys {
  keyOf(tenantId: string): Promise<string | undefined>;
}

// A key ARN, not an alias or bare key id: on open the keyring only tries data keys whose recorded
// key ARN equals a key it was configured with, so anything else would seal values it never opens.
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Keys fixed when the envelope is made (tests, benchmarks): no registry behind them. */
export const fixedTenantKeys = (given: ReadonlyMap<string, string>): TenantKeys => ({
  keyOf: async (tenantId) => given.get(tenantId),
});

export interface RegistryTenantKeysOptions {
  readonly tableName: string;
  /** The lanes pass tenant-scoped sessions (../tenant-sessions.ts), which may read the tenant's own items. */
  readonly documents: StoreDocuments;
  /**
   * How long a container trusts what it read. A tenant's key never changes once deployed: the TTL only
   * bounds how long a container keeps a tenant it no longer serves.
   * @default 10 minutes
   */
  readonly ttlMs?: number;
  /** Tenants remembered per container, least recently used dropped first. @default 10,000 */
  readonly capacity?: number;
  readonly now?: () => number;
}

/**
 * The dedicated keys as the registry records them: deploy writes an item `TENANT#<id>` / `KEY`
 * holding the key's ARN for each tenant it gave a key (`vivified:dedicatedKeyTenants`,
 * lib/constructs/tenant-key-records.ts), so the number of keyed tenants is bounded by no
 * environment's 4 KB. Each lookup reads that item and the tenant's own (for its key mode) in
 * parallel, once per tenant per container and `ttlMs`.
 *
 * A tenant created with a dedicated key whose key item is missing is refused (409), never sealed
 * under the platform key: its data would then outlive the shredding of its key. A tenant not yet
 * created is not remembered, so its key is read afresh once it exists.
 */
export function registryTenantKeys(options: RegistryTenantKeysOptions): TenantKeys {
  const { forTenant } = storeDocuments(options.documents);
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const known = new LRUMap<string, { readonly keyArn: string | undefined; readonly at: number }>(
    options.capacity ?? 10_000,
  );
  const read = (documents: DynamoDBDocumentClient, key: Record<string, string>) =>
    documents.send(new GetCommand({ TableName: options.tableName, Key: key })).then(({ Item }) => Item);

  return {
    async keyOf(tenantId) {
      const hit = known.get(tenantId);
      if (hit && now() - hit.at < ttlMs) return hit.keyArn;
      const documents = forTenant(tenantId);
      const [tenant, record] = await Promise.all([
        read(documents, keys.tenant(tenantId)),
        read(documents, keys.tenantKey(tenantId)),
      ]);
      const keyArn = record?.keyArn as unknown;
      if (keyArn !== undefined && (typeof keyArn !== 'string' || !KEY_ARN.test(keyArn))) {
        throw new Error(
          `The key item of tenant ${tenantId} does not hold a KMS key ARN (arn:…:kms:…:key/…).`,
        );
      }
      if (tenant?.keyMode === 'dedicated' && keyArn === undefined) {
        throw new SealingKeyUnavailableError(
          `Tenant ${tenantId} has a dedicated key, but the registry holds no record of it: its values can be neither sealed nor opened until the deployment that provisioned it records it again.`,
        );
      }
      if (tenant) known.set(tenantId, { keyArn, at: now() });
      return keyArn;
    },
  };
}

/**
 * Writes a tenant's key item as deploy does (a CloudFormation custom resource deployed; `vivified
 * dev` and the test platform write it themselves, having made the key in the emulators).
 */
export async function recordTenantKey(
  documents: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  keyArn: string,
): Promise<void> {
  if (!isTenantId(tenantId)) throw new Error(`${JSON.stringify(tenantId)} is not a tenant id.`);
  if (!KEY_ARN.test(keyArn)) throw new Error(`The key of tenant ${tenantId} must be a KMS key ARN.`);
  await documents.send(
    new PutCommand({ TableName: tableName, Item: { ...keys.tenantKey(tenantId), keyArn } }),
  );
}
