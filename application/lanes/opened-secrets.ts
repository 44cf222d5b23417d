import { createHash } from 'node:crypto';
import LRUMap from 'mnemonist/lru-map';
import type { Envelope, SealContext } from '../../core/ports';

export interface OpenedSecretsOptions {
  /** How long an opened value may be reused. @default 60 s */
  readonly ttlMs?: number;
  /** How many opened values one container holds at most (least recently used go first). @default 500 */
  readonly max?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Opened config secrets held per container for a short, stated time, so a proxied request that
 * injects a secret does not pay an Encryption SDK decrypt (~0.9 ms, bench/RESULTS.md) every time.
 *
 * An entry is keyed by the sealed value itself and the whole context it was opened under, never
 * by the setting's name: a rotated secret is a new sealed value, so it is opened afresh on its
 * first use and the old one is never served again; and a value is reused only for exactly the
 * context that opened it, so the envelope's binding to tenant, installation and purpose holds as
 * if each request opened it. A disabled or uninstalled installation is refused before any secret
 * is opened (from a registry record at most 5 s old, ./registry-reads.ts), so what it left here is
 * not served past that bound; it ages out within `ttlMs` or is pushed out by newer entries. Values are held in
 * memory only and never logged. What this trades: a secret's plaintext stays in the container's
 * memory for up to `ttlMs` after its last use, where the container already held it while injecting.
 */
export function openedSecrets(
  envelope: Pick<Envelope, 'open'>,
  options: OpenedSecretsOptions = {},
): Pick<Envelope, 'open'> {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  // mnemonist's LRU map (already in the lanes' bundles through the SDK's endpoint cache): bounded
  // in count; expiry is checked on read.
  const entries = new LRUMap<string, { readonly value: string; readonly expiresAt: number }>(
    options.max ?? 500,
  );
  const keyOf = (sealed: string, context: SealContext) =>
    createHash('sha256')
      .update(JSON.stringify([context.tenantId, context.installationId, context.purpose, sealed]))
      .digest('base64url');

  return {
    async open(sealed, context) {
      const key = keyOf(sealed, context);
      const held = entries.get(key);
      if (held && held.expiresAt > now()) return held.value;
      const value = await envelope.open(sealed, context);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      return value;
    },
  };
}
