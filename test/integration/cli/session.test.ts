import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevIssuer } from '../../../adapters/identity/dev-issuer';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

const BINARY = resolve('cli/bin/vivified.cjs');

/**
 * The CLI's session across `vivified dev` restarts, an unreachable platform and stale tokens, as
 * a user meets them: the real binary, run from a directory outside the repository, with a
 * profile written by `login`.
 */
describe('the vivified CLI’s session', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-session-'));
  const profile = join(scratch, 'profile.json');
  const prefix = uniqueName('cli-session', 30);
  const keptKey = join(scratch, 'dev-issuer-key.json');
  let port: number;
  let endpoint: string;
  let platform: DevPlatform | undefined;
  let token: string;

  const start = async (issuerKeyFile: string) => {
    platform = await startDev({ port, prefix, healthIntervalSeconds: 3600, issuerKeyFile });
  };
  const stop = async () => {
    await platform?.stop();
    platform = undefined;
  };

  const vivified = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [BINARY, ...args],
        {
          cwd: scratch,
          env: {
            PATH: process.env.PATH,
            HOME: scratch,
            VIVIFIED_ENDPOINT: endpoint,
            VIVIFIED_PROFILE: profile,
            NO_COLOR: '1',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    await start(keptKey);
    token = await platform!.issuer.issue({ subject: 'platform-operator', platformAdmin: true });
  });
  afterAll(stop);

  it('logs in and works from a directory outside the repository', async () => {
    const login = await vivified('login', '--token', token);

    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(readFileSync(profile, 'utf8'))).toMatchObject({ endpoint, token });
    expect((await vivified('tenants', 'list')).code).toBe(0);
  });

  it('names the endpoint and how to start the platform when nothing answers, and logs nobody in', async () => {
    await stop();
    const before = readFileSync(profile, 'utf8');

    const listed = await vivified('tenants', 'list');
    const login = await vivified('login', '--token', token);

    expect(listed.code).toBe(8);
    expect(listed.stderr).toContain(`cannot reach the platform at ${endpoint}`);
    expect(listed.stderr).toContain('`npm start`');
    expect(listed.stderr).not.toContain('fetch failed');
    expect(login.code).toBe(8);
    expect(readFileSync(profile, 'utf8')).toBe(before);
  });

  it('keeps the session valid across a restart of vivified dev', async () => {
    await start(keptKey);

    const listed = await vivified('tenants', 'list');

    expect(listed.code, listed.stderr).toBe(0);
  });

  it('tells a user whose session the platform no longer accepts to log in again, exiting 3', async () => {
    await stop();
    // A restart without the kept key (deleted with .localstack/): a new key signs from now on.
    await start(join(scratch, 'another-key.json'));

    const listed = await vivified('tenants', 'list');
    const login = await vivified('login', '--token', token);

    expect(listed.code).toBe(3);
    expect(listed.stderr).toContain('your session is no longer valid');
    expect(listed.stderr).toContain('run `vivified login`');
    expect(login.code).toBe(3);
    expect(login.stderr).toContain("not signed by this platform's current key");
  });

  it('refuses to log in with an expired token', async () => {
    const expired = await platform!.issuer.issue({ subject: 'platform-operator', platformAdmin: true }, -60);

    const login = await vivified('login', '--token', expired);

    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(/The token expired at .*: restart `vivified dev --demo`/);
  });

  it('refuses a token from another issuer at the first command', async () => {
    const stranger = await DevIssuer.create(`${endpoint}/dev-issuer`, 'vivified-console');
    const foreign = await stranger.issue({ subject: 'platform-operator', platformAdmin: true });

    const listed = await new Promise<number>((done) =>
      execFile(
        process.execPath,
        [BINARY, 'tenants', 'list', '--token', foreign],
        { cwd: scratch, env: { PATH: process.env.PATH, HOME: scratch, VIVIFIED_ENDPOINT: endpoint } },
        (error) => done(error ? Number(error.code) : 0),
      ),
    );

    expect(listed).toBe(3);
    expect(existsSync(keptKey)).toBe(true);
  });
});
