import {
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
} from '@aws-crypto/client-node';

/** Why a value is sealed; part of the encryption context so a config secret can never open as PHI. */
export type SealPurpose = 'config' | 'phi' | 'credential';

export interface SealContext {
  readonly tenantId: string;
  readonly installationId: string;
  readonly purpose: SealPurpose;
}

export interface EnvelopeOptions {
  /** KMS key id or ARN (the platform key, or the tenant's dedicated key). */
  readonly keyId: string;
  /** How long cached data keys may be reused. @default 300 s */
  readonly maxAgeSeconds?: number;
  /** How many messages one cached data key may encrypt. @default 1000 */
  readonly maxMessagesPerKey?: number;
  /** Cache entries kept in memory. @default 1000 */
  readonly cacheCapacity?: number;
}

export interface Envelope {
  seal(plaintext: string, context: SealContext): Promise<string>;
  open(sealed: string, expected: SealContext): Promise<string>;
}

// Commitment on both sides: a message can only ever decrypt to one plaintext.
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/**
 * Envelope encryption with the AWS Encryption SDK: a KMS keyring behind a caching materials
 * manager, so thousands of seals cost one KMS call per data-key lifetime instead of one each.
 * The encryption context {tenantId, installationId, purpose} is authenticated with the data; on
 * open it is compared with what the caller expects, so a ciphertext copied to another tenant's
 * record does not open there.
 */
export function kmsEnvelope(options: EnvelopeOptions): Envelope {
  // The keyring's default client provider builds SDK v3 KMS clients per region, honouring AWS_ENDPOINT_URL.
  const keyring = new KmsKeyringNode({ generatorKeyId: options.keyId });
  const materials = new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache: getLocalCryptographicMaterialsCache(options.cacheCapacity ?? 1000),
    maxAge: (options.maxAgeSeconds ?? 300) * 1000,
    maxMessagesEncrypted: options.maxMessagesPerKey ?? 1000,
  });

  return {
    async seal(plaintext, context) {
      const { result } = await encrypt(materials, plaintext, { encryptionContext: { ...context } });
      return result.toString('base64');
    },
    async open(sealed, expected) {
      const { plaintext, messageHeader } = await decrypt(materials, Buffer.from(sealed, 'base64'));
      const actual = messageHeader.encryptionContext;
      for (const [key, value] of Object.entries(expected)) {
        if (actual[key] !== value) {
          // Someone moved ciphertext between records: an integrity failure, never a client error.
          throw new Error(`Sealed value was bound to another ${key}; refusing to open it.`);
        }
      }
      return plaintext.toString('utf8');
    },
  };
}
