import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import { CreateKeyCommand, DisableKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { kms } from '../../../adapters/aws/clients';
import { kmsEnvelope } from '../../../adapters/aws/envelope';
import { fixedTenantKeys } from '../../../adapters/aws/tenant-keys';
import type { Envelope, SealContext } from '../../../core/ports';
import { uniqueName } from '../../support/unique';

const newKey = async (description: string) =>
  (await kms.send(new CreateKeyCommand({ Description: uniqueName(description) }))).KeyMetadata!.Arn!;

/**
 * The encrypted data keys in a sealed value's message header (AWS Encryption SDK message format
 * version 2), read without any key: which KMS key each copy of the data key is wrapped under.
 */
function dataKeysOf(sealed: string) {
  const message = Buffer.from(sealed, 'base64');
  expect(message.readUInt8(0)).toBe(2);
  // version (1), algorithm suite (2), message id (32), then the encryption context's length and bytes
  let at = 1 + 2 + 32;
  at += 2 + message.readUInt16BE(at);
  const count = message.readUInt16BE(at);
  at += 2;
  const field = () => {
    const length = message.readUInt16BE(at);
    const value = message.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    return value;
  };
  return Array.from({ length: count }, () => ({
    providerId: field().toString('utf8'),
    providerInfo: field().toString('utf8'),
    ciphertext: field().toString('base64'),
  }));
}

describe('KMS envelope (AWS Encryption SDK, caching materials manager)', () => {
  let envelope: Envelope;
  const context = { tenantId: 'clinic-a', installationId: 'inst-1', purpose: 'config' } as const;

  let keyArn: string;

  beforeAll(async () => {
    keyArn = await newKey('envelope test');
    envelope = kmsEnvelope({ keyId: keyArn });
  });

  it('round-trips a secret and never stores it in the clear', async () => {
    const sealed = await envelope.seal('smtp-password-123', context);

    expect(Buffer.from(sealed, 'base64').includes(Buffer.from('smtp-password-123'))).toBe(false);
    expect(await envelope.open(sealed, context)).toBe('smtp-password-123');
  });

  it.each([
    ['tenant', { ...context, tenantId: 'clinic-b' }],
    ['installation', { ...context, installationId: 'inst-2' }],
    ['purpose', { ...context, purpose: 'phi' as const }],
  ])('refuses to open under another %s', async (_, other) => {
    const sealed = await envelope.seal('smtp-password-123', context);

    await expect(envelope.open(sealed, other)).rejects.toThrow(/bound to another/);
  });

  it('refuses a tampered ciphertext', async () => {
    const sealed = Buffer.from(await envelope.seal('smtp-password-123', context), 'base64');
    const at = sealed.length - 40;
    sealed.writeUInt8(sealed.readUInt8(at) ^ 0xff, at);

    await expect(envelope.open(sealed.toString('base64'), context)).rejects.toThrow();
  });

  it('seals with the key-committing suite that carries no per-message signature', async () => {
    const sealed = Buffer.from(await envelope.seal('smtp-password-123', context), 'base64');

    // The message header's algorithm suite id, right after the version byte.
    expect(sealed.readUInt16BE(1)).toBe(
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    );
  });

  it('still opens values sealed under the signing suite the platform used before', async () => {
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const earlier = await encrypt(new KmsKeyringNode({ generatorKeyId: keyArn }), 'smtp-password-123', {
      encryptionContext: { ...context },
    });
    expect(earlier.messageHeader.suiteId).toBe(
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    );

    expect(await envelope.open(earlier.result.toString('base64'), context)).toBe('smtp-password-123');
  });

  it('answers an unreachable KMS as an outage to retry (503), for seal and open alike', async () => {
    // Prepare: a value sealed while KMS answers, then an envelope whose KMS endpoint is nowhere.
    const sealed = await envelope.seal('smtp-password-123', context);
    const saved = process.env.AWS_ENDPOINT_URL_KMS;
    process.env.AWS_ENDPOINT_URL_KMS = 'http://127.0.0.1:9';
    try {
      const cut = kmsEnvelope({ keyId: keyArn });
      const outage = expect.objectContaining({
        name: 'DependencyUnavailableError',
        status: 503,
        retryAfterSeconds: 5,
      });

      // Act, Assess
      await expect(cut.open(sealed, context)).rejects.toEqual(outage);
      await expect(cut.seal('another-secret', context)).rejects.toEqual(outage);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_KMS;
      else process.env.AWS_ENDPOINT_URL_KMS = saved;
    }
  });

  it('refuses a message that names more than the one data key a value is sealed with', async () => {
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const twoKeys = new KmsKeyringNode({ generatorKeyId: keyArn, keyIds: [await newKey('envelope second')] });
    const { result } = await encrypt(twoKeys, 'smtp-password-123', { encryptionContext: { ...context } });

    await expect(envelope.open(result.toString('base64'), context)).rejects.toThrow(
      'maxEncryptedDataKeys exceeded',
    );
  });
});

/** How the envelope refuses a key that is disabled or pending deletion: a 409 naming the tenant's key. */
const shredded = (tenantId: string) =>
  expect.objectContaining({
    name: 'SealingKeyUnavailableError',
    status: 409,
    code: 'sealing_key_unavailable',
    message: expect.stringContaining(`The key of tenant ${tenantId} is disabled or scheduled for deletion`),
  });

describe('KMS envelope with dedicated tenant keys', () => {
  let platformKey: string;
  /** Key ARNs of the dedicated tenants. */
  const keyOf: Record<string, string> = {};
  let envelope: Envelope;
  const of = (tenantId: string): SealContext => ({ tenantId, installationId: 'inst-1', purpose: 'config' });
  const tenantKeysOf = (...tenants: string[]) => fixedTenantKeys(new Map(tenants.map((t) => [t, keyOf[t]!])));

  beforeAll(async () => {
    platformKey = await newKey('envelope platform');
    for (const tenant of ['hospital-a', 'hospital-b', 'leaving-c', 'leaving-d']) {
      keyOf[tenant] = await newKey(`envelope ${tenant}`);
    }
    envelope = kmsEnvelope({ keyId: platformKey, tenantKeys: tenantKeysOf('hospital-a', 'hospital-b') });
  });

  it('seals a dedicated tenant’s value under its key only, and opens it', async () => {
    const sealed = await envelope.seal('ehr-token', of('hospital-a'));

    expect(dataKeysOf(sealed)).toEqual([
      { providerId: 'aws-kms', providerInfo: keyOf['hospital-a'], ciphertext: expect.any(String) },
    ]);
    expect(await envelope.open(sealed, of('hospital-a'))).toBe('ehr-token');
    expect(await envelope.dedicatedKeyOf('hospital-a')).toBe(keyOf['hospital-a']);
  });

  it('seals every other tenant’s value under the platform key', async () => {
    const sealed = await envelope.seal('smtp-password', of('clinic-shared'));

    expect(dataKeysOf(sealed).map((k) => k.providerInfo)).toEqual([platformKey]);
    expect(await envelope.open(sealed, of('clinic-shared'))).toBe('smtp-password');
    expect(await envelope.dedicatedKeyOf('clinic-shared')).toBeUndefined();
  });

  it('reuses a cached data key within one tenant’s context, never across tenants', async () => {
    const [first, second, other, dedicated] = await Promise.all([
      envelope.seal('one', of('clinic-shared')),
      envelope.seal('two', of('clinic-shared')),
      envelope.seal('three', of('clinic-other')),
      envelope.seal('four', of('hospital-b')),
    ]);
    const wrapped = (sealed: string) => dataKeysOf(sealed)[0]!.ciphertext;

    expect(wrapped(first)).toBe(wrapped(second));
    expect(new Set([wrapped(first), wrapped(other), wrapped(dedicated)]).size).toBe(3);
  });

  it('does not open a dedicated tenant’s value with the platform key alone', async () => {
    const sealed = await envelope.seal('ehr-token', of('hospital-a'));
    const platformOnly = kmsEnvelope({ keyId: platformKey });

    await expect(platformOnly.open(sealed, of('hospital-a'))).rejects.toThrow(/under the platform key/);
  });

  it('does not open a value sealed under the platform key once the tenant has a key of its own', async () => {
    const sealed = await kmsEnvelope({ keyId: platformKey }).seal('old-secret', of('hospital-a'));

    await expect(envelope.open(sealed, of('hospital-a'))).rejects.toThrow(
      /under the key of tenant hospital-a/,
    );
  });

  it.each([
    ['another dedicated tenant', 'hospital-b', /under the key of tenant hospital-b/],
    ['a shared tenant', 'clinic-shared', /under the platform key/],
  ])('does not open a dedicated tenant’s value moved to %s', async (_, tenantId, reason) => {
    const sealed = await envelope.seal('ehr-token', of('hospital-a'));

    await expect(envelope.open(sealed, of(tenantId))).rejects.toThrow(reason);
  });

  it('does not open a shared tenant’s value moved to a dedicated tenant', async () => {
    const sealed = await envelope.seal('smtp-password', of('clinic-shared'));

    await expect(envelope.open(sealed, of('hospital-b'))).rejects.toThrow(
      /under the key of tenant hospital-b/,
    );
  });

  it.each([
    ['disabled', 'leaving-c', (keyId: string) => kms.send(new DisableKeyCommand({ KeyId: keyId }))],
    [
      'scheduled for deletion',
      'leaving-d',
      (keyId: string) => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })),
    ],
  ])(
    'shreds a tenant whose key is %s, while every other tenant’s values still open',
    async (_, leaving, shred) => {
      const tenantKeys = tenantKeysOf('hospital-a', leaving);
      const before = kmsEnvelope({ keyId: platformKey, tenantKeys });
      const sealed = {
        leaving: await before.seal('leaving-secret', of(leaving)),
        dedicated: await before.seal('staying-secret', of('hospital-a')),
        shared: await before.seal('shared-secret', of('clinic-shared')),
      };
      expect(await before.open(sealed.leaving, of(leaving))).toBe('leaving-secret');

      await shred(keyOf[leaving]!);
      // A process started after offboarding holds no cached data key of the leaving tenant.
      const after = kmsEnvelope({ keyId: platformKey, tenantKeys });

      await expect(after.open(sealed.leaving, of(leaving))).rejects.toEqual(shredded(leaving));
      await expect(after.seal('new-secret', of(leaving))).rejects.toEqual(shredded(leaving));
      expect(await after.open(sealed.dedicated, of('hospital-a'))).toBe('staying-secret');
      expect(await after.open(sealed.shared, of('clinic-shared'))).toBe('shared-secret');
    },
  );

  it('stops opening a disabled key’s values in a running process once its cached data key expires', async () => {
    const leaving = 'hospital-e';
    const keyId = await newKey(`envelope ${leaving}`);
    const running = kmsEnvelope({
      keyId: platformKey,
      tenantKeys: fixedTenantKeys(new Map([[leaving, keyId]])),
      maxAgeSeconds: 1,
    });
    const sealed = await running.seal('leaving-secret', of(leaving));
    expect(await running.open(sealed, of(leaving))).toBe('leaving-secret');

    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await expect(running.open(sealed, of(leaving))).rejects.toEqual(shredded(leaving));
  });

  it('refuses a dedicated key that is the platform key', async () => {
    const misrecorded = kmsEnvelope({
      keyId: platformKey,
      tenantKeys: fixedTenantKeys(new Map([['hospital-a', platformKey]])),
    });

    await expect(misrecorded.seal('x', of('hospital-a'))).rejects.toThrow(/is the platform key/);
  });
});
