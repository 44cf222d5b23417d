import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { kms } from '../../../adapters/aws/clients';
import { type Envelope, kmsEnvelope } from '../../../adapters/aws/envelope';

describe('KMS envelope (AWS Encryption SDK, caching materials manager)', () => {
  let envelope: Envelope;
  const context = { tenantId: 'clinic-a', installationId: 'inst-1', purpose: 'config' } as const;

  beforeAll(async () => {
    const key = await kms.send(new CreateKeyCommand({ Description: 'envelope test' }));
    envelope = kmsEnvelope({ keyId: key.KeyMetadata!.Arn! });
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
});
