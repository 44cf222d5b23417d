import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  InvalidCiphertextException,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { kms } from '../../../adapters/aws/clients';

describe('KMS on LocalStack', () => {
  it('decrypts only under the encryption context it encrypted with', async () => {
    // Prepare
    const key = await kms.send(new CreateKeyCommand({ Description: 'harness encryption context' }));
    const keyId = key.KeyMetadata!.KeyId!;
    const context = { tenantId: 't-1', installationId: 'i-1', purpose: 'config' };

    // Act
    const sealed = await kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('s3cret'), EncryptionContext: context }),
    );
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
    );

    // Assess
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('s3cret');
    expect(Buffer.from(sealed.CiphertextBlob!).includes(Buffer.from('s3cret'))).toBe(false);
    await expect(
      kms.send(
        new DecryptCommand({
          CiphertextBlob: sealed.CiphertextBlob,
          EncryptionContext: { ...context, tenantId: 't-2' },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
  });
});
