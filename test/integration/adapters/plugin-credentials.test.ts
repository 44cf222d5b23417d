import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { kms } from '../../../adapters/aws/clients';
import { pluginCredentials } from '../../../adapters/aws/plugin-credentials';
import type { PluginCredentials } from '../../../core/ports';

describe('plugin credentials signed by KMS', () => {
  let credentials: PluginCredentials;
  let otherKey: PluginCredentials;
  const identity = {
    tenantId: 'clinic-a',
    installationId: 'inst-1',
    pluginId: 'notifier',
    pluginVersion: '1.0.0',
  };

  beforeAll(async () => {
    const create = () => kms.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048' }));
    credentials = pluginCredentials({ keyId: (await create()).KeyMetadata!.KeyId!, lifetimeSeconds: 900 });
    otherKey = pluginCredentials({ keyId: (await create()).KeyMetadata!.KeyId! });
  });

  it('issues a credential that verifies to exactly the installation it was issued for', async () => {
    const { token, expiresAt } = await credentials.issue(identity);

    const verified = await credentials.verify(token);

    expect(verified).toEqual({ ...identity, expiresAt });
    expect(expiresAt - Date.now()).toBeGreaterThan(800_000);
  });

  it('refuses missing, expired, forged, tampered and unsigned credentials', async () => {
    const expired = await credentials.issue(identity, Date.now() - 3_600_000);
    const forged = await otherKey.issue(identity);
    const [header, payload, signature] = (await credentials.issue(identity)).token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'vivified:tenant': 'clinic-b' })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;

    await expect(credentials.verify(undefined)).rejects.toThrow('A plugin credential is required');
    await expect(credentials.verify(expired.token)).rejects.toThrow('expired');
    await expect(credentials.verify(forged.token)).rejects.toThrow('signature is invalid');
    await expect(credentials.verify(tampered)).rejects.toThrow('signature is invalid');
    await expect(credentials.verify(unsigned)).rejects.toThrow('not accepted');
  });

  it('answers a credential verified before from memory, but never past its expiry', async () => {
    const { token, expiresAt } = await credentials.issue(identity);
    const first = await credentials.verify(token);
    // The same object back: answered from memory, not verified again.
    expect(await credentials.verify(token)).toBe(first);
    await expect(credentials.verify(token, expiresAt + 31_000)).rejects.toThrow('expired');
    await expect(credentials.verify(token, expiresAt + 31_000)).rejects.toThrow('expired');
    expect(await credentials.verify(token)).toEqual(first);
  });
});
