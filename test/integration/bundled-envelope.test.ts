import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { kms } from '../../adapters/aws/clients';
import { hostBuildOptions } from '../../lib/bundling';
import { uniqueName } from '../support/unique';

// The functions that seal or open config secrets bundle the Encryption SDK with Node's own streams
// in place of readable-stream, and asn1.js on the SDK's bn.js 5 in place of its own bn.js 4
// (lib/bundling.ts). Tests elsewhere run unbundled, so only this one sees what deploys: the
// envelope adapter bundled as HostFunction bundles it, sealing and opening against LocalStack's
// KMS in a fresh process, including a value sealed under the signing suite, whose signature
// verification is what decodes DER through asn1.js into bn.js numbers.

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'vivified-bundled-envelope-'));
const context = { tenantId: 'clinic-a', installationId: 'inst-1', purpose: 'config' } as const;

let bundle: string;
let inputs: string[];
let keyArn: string;

beforeAll(async () => {
  keyArn = (await kms.send(new CreateKeyCommand({ Description: uniqueName('bundled envelope') })))
    .KeyMetadata!.Arn!;
  const entry = join(work, 'probe.ts');
  writeFileSync(
    entry,
    [
      `import { kmsEnvelope } from ${JSON.stringify(join(root, 'adapters/aws/envelope'))};`,
      'export const probe = async (keyId: string, context: never, earlier: string) => {',
      '  const envelope = kmsEnvelope({ keyId });',
      "  const sealed = await envelope.seal('smtp-password-123', context);",
      "  const tampered = Buffer.from(sealed, 'base64');",
      '  tampered[tampered.length - 40] ^= 0xff;',
      '  const refusal = (opening: Promise<string>) => opening.then(() => "opened", (error: Error) => error.name + ": " + error.message);',
      '  return {',
      '    roundTrip: await envelope.open(sealed, context),',
      '    earlier: await envelope.open(earlier, context),',
      "    tampered: await refusal(envelope.open(tampered.toString('base64'), context)),",
      "    otherTenant: await refusal(envelope.open(sealed, { ...(context as object), tenantId: 'clinic-b' } as never)),",
      '  };',
      '};',
      '',
    ].join('\n'),
  );
  const outfile = join(work, 'probe.js');
  const result = await build({
    ...hostBuildOptions(root),
    entryPoints: [entry],
    outfile,
    metafile: true,
    nodePaths: [join(root, 'node_modules')],
  });
  bundle = outfile;
  inputs = Object.keys(result.metafile.inputs);
});

describe('the Encryption SDK as bundled for deploy', () => {
  it('carries neither readable-stream nor a second bn.js', () => {
    expect(inputs.filter((input) => input.includes('node_modules/readable-stream/'))).toEqual([]);
    expect(inputs.filter((input) => /node_modules\/(.+\/)?bn\.js\/lib\/bn\.js$/.test(input))).toEqual([
      'node_modules/bn.js/lib/bn.js',
    ]);
  });

  it('seals and opens on Node’s streams, refuses tampering and another tenant, and still opens a value sealed under the signing suite', async () => {
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const earlier = await encrypt(new KmsKeyringNode({ generatorKeyId: keyArn }), 'earlier-secret', {
      encryptionContext: { ...context },
    });
    expect(earlier.messageHeader.suiteId).toBe(
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    );
    const call = [keyArn, context, earlier.result.toString('base64')].map((value) => JSON.stringify(value));
    const script = `require(${JSON.stringify(bundle)}).probe(${call.join(', ')}).then((out) => console.log(JSON.stringify(out)), (error) => console.log('failed', error.name, error.message))`;
    const child = spawnSync(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
        AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL!,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

    const output = `${child.stdout}${child.stderr}`.trim();
    expect(JSON.parse(output.startsWith('{') ? output : JSON.stringify({ output }))).toEqual({
      roundTrip: 'smtp-password-123',
      earlier: 'earlier-secret',
      // GCM's tag no longer authenticates: the same refusal as unbundled.
      tampered: expect.stringMatching(/^Error: Sealed value does not open .*unable to authenticate data/),
      otherTenant: expect.stringMatching(/bound to another tenantId/),
    });
  });
});
