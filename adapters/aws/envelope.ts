import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { AlgorithmSuiteIdentifier } from '@aws-crypto/material-management-node';
import type { Envelope } from '../../core/ports';
import { clientOptions, type EnvelopeOptions, envelopeMaterials, failureOf } from './envelope-materials';
import { openingWith } from './envelope-open';

export type { EnvelopeOptions } from './envelope-materials';

const { encrypt } = buildEncrypt(clientOptions);

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

/**
 * Envelope encryption with the AWS Encryption SDK: a KMS keyring behind a caching materials
 * manager, so thousands of seals cost one KMS call per data-key lifetime instead of one each.
 * The encryption context {tenantId, installationId, purpose} is authenticated with the data; on
 * open it is compared with what the caller expects, so a ciphertext copied to another tenant's
 * record does not open there.
 *
 * The context's tenant picks the key: its dedicated key if the registry records one
 * (./tenant-keys.ts), else the platform key. Each
 * key has a keyring of its own that wraps and unwraps data keys under that key only, so a value
 * sealed under one key never opens under another. Cached data keys stay usable for up to
 * `maxAgeSeconds` after a key is disabled, in processes that already hold them.
 */
export function kmsEnvelope(options: EnvelopeOptions): Envelope {
  const materials = envelopeMaterials(options);
  return {
    ...openingWith(materials),
    async seal(plaintext, context) {
      const { manager, keyName } = await materials.materialsFor(context.tenantId);
      const { result } = await encrypt(manager, plaintext, {
        encryptionContext: { ...context },
        suiteId: SUITE,
      }).catch((error: unknown) => {
        throw failureOf(error, keyName);
      });
      return result.toString('base64');
    },
  };
}
