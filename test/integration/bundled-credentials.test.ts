import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleAliases, hostBuildOptions } from '../../lib/bundling';

// The platform's bundles get the environment's credentials in place of the SDK's default chain
// (functions/shared/lambda-credentials.ts). Tests elsewhere run unbundled, so only this one sees
// what deploys: an SDK client from adapters/aws/clients.ts, bundled as HostFunction bundles it,
// calling LocalStack's KMS from a fresh process with nothing but the environment it is given.

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'vivified-bundled-credentials-'));

/** Bundles a probe that lists one KMS key, with or without HostFunction's aliases. */
async function probeBundle(name: string, alias: Record<string, string>): Promise<string> {
  const entry = join(work, `${name}.ts`);
  writeFileSync(
    entry,
    [
      "import { ListKeysCommand } from '@aws-sdk/client-kms';",
      `import { kms } from ${JSON.stringify(join(root, 'adapters/aws/clients'))};`,
      'export const probe = async () => (await kms.send(new ListKeysCommand({ Limit: 1 }))).$metadata.httpStatusCode;',
      '',
    ].join('\n'),
  );
  const outfile = join(work, `${name}.js`);
  await build({
    ...hostBuildOptions(root),
    alias,
    entryPoints: [entry],
    outfile,
    // The probe lives outside the repository; its imports resolve from the repository's packages.
    nodePaths: [join(root, 'node_modules')],
  });
  return outfile;
}

/** Runs the probe in a fresh process with exactly this environment (and a HOME of its own). */
function run(bundle: string, environment: Record<string, string>) {
  const script = `require(${JSON.stringify(bundle)}).probe().then((status) => console.log('status', status), (error) => { console.log('failed', error.name, error.message); })`;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH ?? '', ...environment },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return `${child.stdout}${child.stderr}`.trim();
}

describe('credentials in the bundled functions', () => {
  let deployed: string;
  let defaultChain: string;
  // A home directory with a shared credentials file: the default chain reads it, Lambda has none.
  const home = join(work, 'home');
  const emulators = () => ({
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL!,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Keeps the default chain from waiting on an instance metadata endpoint that is not there.
    AWS_EC2_METADATA_DISABLED: 'true',
    HOME: home,
  });

  beforeAll(async () => {
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[default]\naws_access_key_id = from-file\naws_secret_access_key = from-file\n',
    );
    deployed = await probeBundle('deployed', { ...bundleAliases });
    defaultChain = await probeBundle('default-chain', {});
  });

  it('call AWS with the credentials Lambda puts in the environment', () => {
    const output = run(deployed, {
      ...emulators(),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'session',
    });

    expect(output).toBe('status 200');
  });

  it('look nowhere else: without them a call fails at once, though a credentials file is there', () => {
    const output = run(deployed, emulators());

    expect(output).toMatch(
      /^failed CredentialsProviderError Unable to find environment variable credentials/,
    );
    // The same probe with the SDK's whole chain finds the file, so the difference is the alias.
    expect(run(defaultChain, emulators())).toBe('status 200');
  });
});
