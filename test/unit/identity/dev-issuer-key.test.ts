import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevIssuer } from '../../../adapters/identity/dev-issuer';
import { userTokenVerifier } from '../../../adapters/identity/user-tokens';

const issuerUrl = 'http://127.0.0.1:8787/dev-issuer';
const user = { subject: 'ada-admin', tenantId: 'demo-clinic', roles: ['admin' as const] };
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'dev-issuer-')), 'state', 'dev-issuer-key.json');

describe('the development issuer’s kept signing key', () => {
  it('verifies a token signed before a restart with the issuer made after it', async () => {
    const file = keyFile();
    const before = await DevIssuer.persistent(file, issuerUrl, 'vivified-console');
    const token = await before.issue(user);

    const after = await DevIssuer.persistent(file, issuerUrl, 'vivified-console');
    const verify = userTokenVerifier({ issuer: issuerUrl, audience: 'vivified-console', keys: after.keys });

    expect(await verify(`Bearer ${token}`)).toMatchObject({ kind: 'user', subject: 'ada-admin' });
    expect(after.jwks).toEqual(before.jwks);
  });

  it('keeps the key readable by its owner only, and publishes no private part', async () => {
    const file = keyFile();
    const issuer = await DevIssuer.persistent(file, issuerUrl, 'vivified-console');

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(issuer.jwks.keys[0]).not.toHaveProperty('d');
    // Nothing temporary is left beside it.
    expect(readdirSync(join(file, '..'))).toEqual(['dev-issuer-key.json']);
  });

  it('makes one key when several start at once', async () => {
    const file = keyFile();

    const issuers = await Promise.all(
      [1, 2, 3].map(() => DevIssuer.persistent(file, issuerUrl, 'vivified-console')),
    );

    expect(new Set(issuers.map((i) => i.jwks.keys[0]!.kid)).size).toBe(1);
  });

  it('refuses a file that is not a signing key, saying how to get a new one', async () => {
    const file = keyFile();
    await DevIssuer.persistent(file, issuerUrl, 'vivified-console');
    writeFileSync(file, JSON.stringify({ kid: 'k', jwk: { kty: 'oct', k: 'secret' } }));

    await expect(DevIssuer.persistent(file, issuerUrl, 'vivified-console')).rejects.toThrow(
      /is not a development signing key; delete it/,
    );
  });
});
