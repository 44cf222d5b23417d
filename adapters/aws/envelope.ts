// The Encryption SDK's own packages, not its `client-node` umbrella: that one also loads the raw
// and hierarchical keyrings, and the hierarchical keystore brings a DynamoDB and a KMS client of
// its own, ~140 KB of every bundle that seals or opens, unused here.
import {
  getLocalCryptographicMaterialsCache,
  NodeCachingMaterialsManager,
} from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { cacheClients, getKmsClient, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';
import { DependencyUnavailableError, SealingKeyUnavailableError } from '../../core/errors';
import type { Envelope } from '../../core/ports';
import { served } from './clients';
import { dedicatedKeys, type TenantKeys } from './tenant-keys';
import { RETRY_AFTER_SECONDS } from './unavailable';

export interface EnvelopeOptions {
  /** KMS key ARN of the platform key, which seals the values of every tenant without a key of its own. */
  readonly keyId: string;
  /**
   * Dedicated keys (KMS key ARNs) by tenant id. Such a tenant's values are sealed and opened under
   * its key only, so scheduling that key's deletion leaves them unreadable (crypto-shredding).
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
const clientOptions = {
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 1,
};
const { encrypt } = buildEncrypt(clientOptions);
const { decrypt } = buildDecrypt(clientOptions);

/**
 * Key-committing AES-256-GCM (HKDF-SHA512), without the default suite's per-message ECDSA P-384
 * signature. A signature protects a message from principals that may decrypt but must not be able
 * to write one; here the only readers are the installations area (which writes them anyway) and
 * the proxy lane (Decrypt only), whose every use of a secret is injecting it into its own egress,
 * so a message it forged would give it nothing it does not already hold. The signature cost ~2 ms
 * per seal and ~1.5 ms per open, the whole cost of an operation once the data key is cached
 * (bench/RESULTS.md). Values sealed earlier under the signing suite still open: both suites commit.
 */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

/** KMS refusing a key that is disabled or pending deletion: a tenant being crypto-shredded. */
const KEY_UNUSABLE = /DisabledException|KMSInvalidStateException|is disabled|pending deletion/;

/**
 * What a failed seal or open means to its caller. The Encryption SDK reports a failed data-key
 * decryption as one new Error whose message holds the KMS errors' stacks, so the kind of failure
 * is read from that text: our outage middleware's DependencyUnavailableError (retry later, 503), a
 * key KMS will no longer use (409), or anything else (an integrity failure, 500).
 */
function failureOf(error: unknown, key: string): Error {
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

/**
 * Envelope encryption with the AWS Encryption SDK: a KMS keyring behind a caching materials
 * manager, so thousands of seals cost one KMS call per data-key lifetime instead of one each.
 * The encryption context {tenantId, installationId, purpose} is authenticated with the data; on
 * open it is compared with what the caller expects, so a ciphertext copied to another tenant's
 * record does not open there.
 *
 * The context's tenant picks the key: its dedicated key if it has one, else the platform key. Each
 * key has a keyring of its own that wraps and unwraps data keys under that key only, so a value
 * sealed under one key never opens under another. Cached data keys stay usable for up to
 * `maxAgeSeconds` after a key is disabled, in processes that already hold them.
 */
export function kmsEnvelope(options: EnvelopeOptions): Envelope {
  const tenantKeys = options.tenantKeys ?? new Map<string, string>();
  for (const [tenantId, keyArn] of tenantKeys) {
    if (keyArn === options.keyId) {
      throw new Error(`The key of tenant ${tenantId} is the platform key; a dedicated key must be its own.`);
    }
  }
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
  const dedicated = dedicatedKeys(tenantKeys);
  const keyNameOf = (tenantId: string) =>
    dedicated.hasDedicatedKey(tenantId) ? `the key of tenant ${tenantId}` : 'the platform key';
  const managers = new Map<string, NodeCachingMaterialsManager>();
  const materialsFor = (tenantId: string) => {
    const keyArn = tenantKeys.get(tenantId) ?? options.keyId;
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
    return manager;
  };

  return {
    async seal(plaintext, context) {
      const { result } = await encrypt(materialsFor(context.tenantId), plaintext, {
        encryptionContext: { ...context },
        suiteId: SUITE,
      }).catch((error: unknown) => {
        throw failureOf(error, keyNameOf(context.tenantId));
      });
      return result.toString('base64');
    },
    async open(sealed, expected) {
      const { plaintext, messageHeader } = await decrypt(
        materialsFor(expected.tenantId),
        Buffer.from(sealed, 'base64'),
      ).catch((error: unknown) => {
        // The SDK's message alone does not say which key was tried, the first thing to know
        // when a tenant's value stops opening (wrong key, or a shredded one).
        throw failureOf(error, keyNameOf(expected.tenantId));
      });
      const actual = messageHeader.encryptionContext;
      for (const [key, value] of Object.entries(expected)) {
        if (actual[key] !== value) {
          // Someone moved ciphertext between records: an integrity failure, never a client error.
          throw new Error(`Sealed value was bound to another ${key}; refusing to open it.`);
        }
      }
      return plaintext.toString('utf8');
    },
    ...dedicated,
  };
}
