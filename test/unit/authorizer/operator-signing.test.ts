import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { OperatorSigner, verifyOperatorCall } from '../../../adapters/identity/operator-signing';
import { operatorCallBodyDigest } from '../../../core/lanes/operator-claims';
import { operatorVerifier } from '../../../sdk/node/src/operator-verify';
import { ReplayCache } from '../../../sdk/node/src/replay-cache';

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

  it('are standard ES256 JWTs: jose verifies them with the published key and reads every claim', async () => {
    const signer = await OperatorSigner.generate();
    const signature = await signer.sign(call, Date.UTC(2026, 11, 1, 12) + 999);

    expect(decodeProtectedHeader(signature)).toEqual({
      alg: 'ES256',
      kid: signer.jwks.keys[0]!.kid,
      typ: 'JWT',
    });
    const { payload } = await jwtVerify(signature, createLocalJWKSet(signer.jwks), {
      algorithms: ['ES256'],
      issuer: 'vivified-operator',
      audience: 'installation:inst-target',
      currentDate: new Date(Date.UTC(2026, 11, 1, 12, 0, 30)),
    });
    expect(payload).toMatchObject({
      sub: 'inst-caller',
      'vivified:tenant': 'clinic-a',
      'vivified:caller': 'ehr-sync',
      'vivified:operation': 'getDocument',
      'vivified:trace': 'trace-1',
      iat: Date.UTC(2026, 11, 1, 12) / 1000,
      exp: Date.UTC(2026, 11, 1, 12) / 1000 + 60,
    });
    expect(typeof payload.jti).toBe('string');
  });

  it('carry a call id of their own, and the SDK’s verifier answers each signature once', async () => {
    const signer = await OperatorSigner.generate();
    const first = await signer.sign(call);
    const second = await signer.sign(call);
    expect(decodeJwt(first).jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);

    const replays = new ReplayCache();
    const verify = operatorVerifier(
      'http://keys.invalid',
      'inst-target',
      createLocalJWKSet(signer.jwks),
      replays,
    );
    await expect(verify(first, call.body)).resolves.toMatchObject({ pluginId: 'ehr-sync' });
    await expect(verify(first, call.body)).rejects.toThrow('answered already');
    // The same call signed again is a new call; a refused forgery takes up no room.
    await expect(verify(second, call.body)).resolves.toMatchObject({ pluginId: 'ehr-sync' });
    await expect(verify(await (await OperatorSigner.generate()).sign(call), call.body)).rejects.toThrow();
    expect(replays.size).toBe(2);
  });

  it('are refused by the SDK without a usable call id, or once its memory is full of live calls', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] };
    const signed = (jti?: string) => {
      const token = new SignJWT({
        'vivified:tenant': 'clinic-a',
        'vivified:caller': 'ehr-sync',
        'vivified:operation': 'getDocument',
        'vivified:body': operatorCallBodyDigest(call.body),
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'k' })
        .setIssuer('vivified-operator')
        .setSubject('inst-caller')
        .setAudience('installation:inst-target')
        .setExpirationTime('1m');
      return (jti === undefined ? token : token.setJti(jti)).sign(privateKey);
    };
    const verify = operatorVerifier(
      'http://keys.invalid',
      'inst-target',
      createLocalJWKSet(jwks),
      new ReplayCache({ maxEntries: 1 }),
    );
    await expect(verify(await signed(), call.body)).rejects.toThrow('"jti"');
    await expect(verify(await signed('j'.repeat(129)), call.body)).rejects.toThrow('"jti"');
    await expect(verify(await signed('call-1'), call.body)).resolves.toMatchObject({
      operation: 'getDocument',
    });
    await expect(verify(await signed('call-2'), call.body)).rejects.toThrow('Too many calls');
  });

  it('load a private JWK made by jose (keys stored before signing moved to node:crypto) and refuse other keys', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stored = { ...(await exportJWK(privateKey)), kid: 'kid-1', alg: 'ES256' };
    const signer = await OperatorSigner.fromPrivateJwk(stored);
    await expect(
      verifyOperatorCall(await signer.sign(call), call.body, 'inst-target', signer.jwks),
    ).resolves.toMatchObject({
      tenantId: 'clinic-a',
    });
    expect(signer.jwks.keys[0]).toMatchObject({ kid: 'kid-1', crv: 'P-256', x: stored.x, y: stored.y });

    const rsa = await generateKeyPair('RS256', { extractable: true });
    await expect(
      OperatorSigner.fromPrivateJwk({ ...(await exportJWK(rsa.privateKey)), kid: 'rsa' }),
    ).rejects.toThrow('P-256');
    const { d: _d, ...publicOnly } = stored;
    await expect(OperatorSigner.fromPrivateJwk(publicOnly)).rejects.toThrow('private');
  });
});
