import { buildDecrypt } from '@aws-crypto/decrypt-node';
import type { DedicatedKeys, Envelope } from '../../core/ports';
import {
  clientOptions,
  type EnvelopeMaterials,
  type EnvelopeOptions,
  envelopeMaterials,
  failureOf,
} from './envelope-materials';

const { decrypt } = buildDecrypt(clientOptions);

/**
 * Opening sealed values only (./envelope.ts says how they are sealed), for the proxy lane: it
 * injects config secrets and never seals one, so it carries the decrypting half of the Encryption
 * SDK alone.
 */
export const kmsEnvelopeOpener = (options: EnvelopeOptions) => openingWith(envelopeMaterials(options));

/** Opening with given materials: the full envelope (./envelope.ts) shares its cache with sealing. */
export function openingWith({
  materialsFor,
  dedicatedKeyOf,
}: EnvelopeMaterials): Pick<Envelope, 'open'> & DedicatedKeys {
  return {
    async open(sealed, expected) {
      const { manager, keyName } = await materialsFor(expected.tenantId);
      const { plaintext, messageHeader } = await decrypt(manager, Buffer.from(sealed, 'base64')).catch(
        (error: unknown) => {
          // The SDK's message alone does not say which key was tried, the first thing to know
          // when a tenant's value stops opening (wrong key, or a shredded one).
          throw failureOf(error, keyName);
        },
      );
      const actual = messageHeader.encryptionContext;
      for (const [key, value] of Object.entries(expected)) {
        if (actual[key] !== value) {
          // Someone moved ciphertext between records: an integrity failure, never a client error.
          throw new Error(`Sealed value was bound to another ${key}; refusing to open it.`);
        }
      }
      return plaintext.toString('utf8');
    },
    dedicatedKeyOf,
  };
}
