import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Envelope, SealContext } from '../../core/ports';

export interface MemoryEnvelopeOptions {
  /** Tenants with a key of their own: their values are sealed under it, never the platform key. @default none */
  readonly dedicatedKeyTenants?: Iterable<string>;
}

/** The sealed form: which key, the context the value is bound to, and AES-256-GCM's output. */
interface Sealed {
  readonly key: string;
  readonly context: SealContext;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

const PLATFORM_KEY = 'platform';
const contextBytes = (context: SealContext) =>
  Buffer.from(JSON.stringify([context.tenantId, context.installationId, context.purpose]));

/**
 * Envelope encryption in process: AES-256-GCM under a random key per tenant key, made when the
 * envelope is, with the context authenticated as additional data. As with the KMS envelope, a
 * value opens only under the context it was sealed with and only under its tenant's key, and an
 * altered value does not open at all.
 */
export function memoryEnvelope(options: MemoryEnvelopeOptions = {}): Envelope {
  const dedicated = new Set(options.dedicatedKeyTenants ?? []);
  const keys = new Map<string, Buffer>();
  const keyNameOf = (tenantId: string) => (dedicated.has(tenantId) ? `tenant:${tenantId}` : PLATFORM_KEY);
  const keyOf = (name: string) => {
    let key = keys.get(name);
    if (!key) {
      key = randomBytes(32);
      keys.set(name, key);
    }
    return key;
  };
  const described = (name: string) => (name === PLATFORM_KEY ? 'the platform key' : `the key of ${name}`);

  return {
    dedicatedKeyOf: async (tenantId) => (dedicated.has(tenantId) ? `memory:tenant:${tenantId}` : undefined),

    async seal(plaintext, context) {
      const key = keyNameOf(context.tenantId);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(key), iv).setAAD(contextBytes(context));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const sealed: Sealed = {
        key,
        context: {
          tenantId: context.tenantId,
          installationId: context.installationId,
          purpose: context.purpose,
        },
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      return Buffer.from(JSON.stringify(sealed)).toString('base64');
    },

    async open(value, expected) {
      const key = keyNameOf(expected.tenantId);
      let sealed: Sealed;
      try {
        sealed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Sealed;
      } catch (error) {
        throw new Error(`Sealed value does not open under ${described(key)}: it is not a sealed value.`, {
          cause: error,
        });
      }
      for (const field of ['tenantId', 'installationId', 'purpose'] as const) {
        if (sealed.context?.[field] !== expected[field]) {
          throw new Error(`Sealed value was bound to another ${field}; refusing to open it.`);
        }
      }
      try {
        if (sealed.key !== key) throw new Error(`it was sealed under ${described(sealed.key)}`);
        const decipher = createDecipheriv('aes-256-gcm', keyOf(key), Buffer.from(sealed.iv, 'base64'))
          .setAAD(contextBytes(expected))
          .setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([
          decipher.update(Buffer.from(sealed.data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new Error(
          `Sealed value does not open under ${described(key)}: ${error instanceof Error ? error.message : error}`,
          { cause: error },
        );
      }
    },
  };
}
