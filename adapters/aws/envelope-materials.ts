// The Encryption SDK's own packages, not its `client-node` umbrella: that one also loads the raw
// and hierarchical keyrings, and the hierarchical keystore brings a DynamoDB and a KMS client of
// its own, ~140 KB of every bundle that seals or opens, unused here.
import {
  getLocalCryptographicMaterialsCache,
  NodeCachingMaterialsManager,
} from '@aws-crypto/caching-materials-manager-node';
import { cacheClients, getKmsClient, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { DependencyUnavailableError, SealingKeyUnavailableError } from '../../core/errors';
import { served } from './clients';
import type { TenantKeys } from './tenant-keys';
import { RETRY_AFTER_SECONDS } from './unavailable';

/*
 * What sealing (./envelope.ts) and opening (./envelope-open.ts) share: the options, the keys'
 * materials managers and what a failure means. Opening lives apart so the proxy lane, which only
 * opens, bundles no encryption streams.
 */

export interface EnvelopeOptions {
  /** KMS key ARN of the platform key, which seals the values of every tenant without a key of its own. */
  readonly keyId: string;
  /**
   * Where a tenant's dedicated key (a KMS key ARN) is found: the registry deployed
   * (./tenant-keys.ts). Such a tenant's values are sealed and opened under its key only, so
   * scheduling that key's deletion leaves them unreadable (crypto-shredding).
   * @default none: every tenant seals under the platform key
   */
  readonly tenantKeys?: TenantKeys;
  /** How long cached data keys may be reused. @default 300 s */
  readonly maxAgeSeconds?: number;
  /** How many messages one cached data key may encrypt. @default 1000 */
  readonly maxMessagesPerKey?: number;
  /** Cache entries kept in memory, over all keys. @default 1000 */
  readonly cacheCapacity?: number;
}

// Commitment on both sides: a message can only ever decrypt to one plaintext. Every value is
// sealed under exactly one key, so a message naming more data keys is refused before any KMS call.
export const clientOptions = {
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 1,
};

/** KMS refusing a key that is disabled or pending deletion: a tenant being crypto-shredded. */
const KEY_UNUSABLE = /DisabledException|KMSInvalidStateException|is disabled|pending deletion/;

/**
 * What a failed seal or open means to its caller. The Encryption SDK reports a failed data-key
 * decryption as one new Error whose message holds the KMS errors' stacks, so the kind of failure
 * is read from that text: our outage middleware's DependencyUnavailableError (retry later, 503), a
 * key KMS will no longer use (409), or anything else (an integrity failure, 500).
 */
export function failureOf(error: unknown, key: string): Error {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Also true of a DependencyUnavailableError itself (a failed GenerateDataKey reaches seal as is).
  if (text.includes(DependencyUnavailableError.name)) {
    return new DependencyUnavailableError(
      `KMS is unavailable; retry in ${RETRY_AFTER_SECONDS} s.`,
      RETRY_AFTER_SECONDS,
    );
  }
  if (KEY_UNUSABLE.test(text)) {
    return new SealingKeyUnavailableError(
      `${key[0]!.toUpperCase()}${key.slice(1)} is disabled or scheduled for deletion: values sealed under it can be neither sealed nor opened.`,
    );
  }
  return new Error(
    `Sealed value does not open under ${key}: ${error instanceof Error ? error.message : text}`,
    {
      cause: error,
    },
  );
}

export interface EnvelopeMaterials {
  /** The materials manager of the tenant's key, and that key's name for error messages. */
  readonly materialsFor: (
    tenantId: string,
  ) => Promise<{ readonly manager: NodeCachingMaterialsManager; readonly keyName: string }>;
  /** The tenant's dedicated key, undefined without one. */
  readonly dedicatedKeyOf: (tenantId: string) => Promise<string | undefined>;
}

const NO_TENANT_KEYS: TenantKeys = { keyOf: async () => undefined };

/**
 * The materials manager of each key, behind one bounded cache, and the name of the key a tenant's
 * values are sealed under.
 */
export function envelopeMaterials(options: EnvelopeOptions): EnvelopeMaterials {
  const tenantKeys = options.tenantKeys ?? NO_TENANT_KEYS;
  // One bounded cache for all keys. The SDK keys an entry by partition, algorithm suite and
  // encryption context, not by KMS key, so each key's materials manager gets a partition named
  // after that key: no entry made under one key can ever be handed out for another.
  const cache = getLocalCryptographicMaterialsCache(options.cacheCapacity ?? 1000);
  // The keyrings' KMS clients (one per region, as the SDK's default provider makes them), with the
  // outage middleware every other client has, so an unreachable KMS is a 503 here too.
  const clientProvider = cacheClients((region: string) => {
    const client = getKmsClient(region);
    return client && served('KMS', () => client);
  });
  const managers = new Map<string, NodeCachingMaterialsManager>();
  const materialsFor = async (tenantId: string) => {
    const dedicated = await tenantKeys.keyOf(tenantId);
    if (dedicated === options.keyId) {
      throw new Error(`The key of tenant ${tenantId} is the platform key; a dedicated key must be its own.`);
    }
    const keyArn = dedicated ?? options.keyId;
    let manager = managers.get(keyArn);
    if (!manager) {
      manager = new NodeCachingMaterialsManager({
        backingMaterials: new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider }),
        cache,
        partition: `vivified-envelope:${keyArn}`,
        maxAge: (options.maxAgeSeconds ?? 300) * 1000,
        maxMessagesEncrypted: options.maxMessagesPerKey ?? 1000,
      });
      managers.set(keyArn, manager);
    }
    return { manager, keyName: dedicated ? `the key of tenant ${tenantId}` : 'the platform key' };
  };

  return { materialsFor, dedicatedKeyOf: (tenantId) => tenantKeys.keyOf(tenantId) };
}
