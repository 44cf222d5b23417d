import { describe, expect, it } from 'vitest';
import { OperatorSigner, verifyOperatorCall } from '../../../adapters/identity/operator-signing';

const call = {
  tenantId: 'clinic-a',
  callerPluginId: 'ehr-sync',
  callerInstallationId: 'inst-caller',
  targetInstallationId: 'inst-target',
  operation: 'getDocument',
  traceId: 'trace-1',
  body: '{"id":"doc-1"}',
};

describe('operator call signatures', () => {
  it('verify for the target they were made for, with the body they were made over', async () => {
    const signer = await OperatorSigner.fromPrivateJwk(await OperatorSigner.generatePrivateJwk());
    const signature = await signer.sign(call);

    await expect(verifyOperatorCall(signature, call.body, 'inst-target', signer.jwks)).resolves.toEqual({
      tenantId: 'clinic-a',
      callerPluginId: 'ehr-sync',
      callerInstallationId: 'inst-caller',
      operation: 'getDocument',
      traceId: 'trace-1',
    });
    expect(signer.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('refuse another target, another body, another key, an expired or a missing signature', async () => {
    const signer = await OperatorSigner.generate();
    const other = await OperatorSigner.generate();
    const signature = await signer.sign(call);

    await expect(verifyOperatorCall(signature, call.body, 'inst-other', signer.jwks)).rejects.toThrow();
    await expect(verifyOperatorCall(signature, '{"id":"doc-2"}', 'inst-target', signer.jwks)).rejects.toThrow(
      'body does not match',
    );
    await expect(verifyOperatorCall(signature, call.body, 'inst-target', other.jwks)).rejects.toThrow();
    await expect(
      verifyOperatorCall(
        await signer.sign(call, Date.now() - 120_000),
        call.body,
        'inst-target',
        signer.jwks,
      ),
    ).rejects.toThrow();
    await expect(verifyOperatorCall(undefined, call.body, 'inst-target', signer.jwks)).rejects.toThrow(
      'not signed',
    );
  });
});
