import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connectToEmulators } from './emulators';
import { writeOut } from './latency';

// Config-secret sealing with the caching materials manager (adapters/aws/envelope.ts, as deployed)
// against the same Encryption SDK calls with the KMS keyring alone — one KMS call per operation —
// on LocalStack KMS. KMS calls are counted on the wire: the SDK's KMS endpoint is a counting
// pass-through to LocalStack, so every client counts, the Encryption SDK's own included.
await connectToEmulators();
const localstack = new URL(process.env.AWS_ENDPOINT_URL!);
const kmsCalls = new Map<string, number>();
const counter = createServer((incoming, response) => {
  const target = String(incoming.headers['x-amz-target'] ?? 'unknown').replace('TrentService.', '');
  kmsCalls.set(target, (kmsCalls.get(target) ?? 0) + 1);
  const upstream = httpRequest(
    {
      host: localstack.hostname,
      port: localstack.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  incoming.pipe(upstream);
});
await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
process.env.AWS_ENDPOINT_URL_KMS = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;

const { CreateKeyCommand } = await import('@aws-sdk/client-kms');
const {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
} = await import('@aws-crypto/client-node');
const { kms } = await import('../adapters/aws/clients');
const { kmsEnvelope } = await import('../adapters/aws/envelope');

const key = await kms.send(new CreateKeyCommand({ Description: 'vivified encryption bench' }));
const keyArn = key.KeyMetadata!.Arn!;
const context = {
  tenantId: 'bench-tenant',
  installationId: 'bench-tenant-notifier',
  purpose: 'config' as const,
};
const secret = 'tok-3f9a1c7e5b2d4e6f8a0b1c2d3e4f5a6b';

const cached = kmsEnvelope({ keyId: keyArn });
// The baseline: the same client, commitment policy and algorithm suite as deployed (key-committing,
// no per-message signature), the keyring without a cache in front.
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const deployedSuite = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const keyring = new KmsKeyringNode({ generatorKeyId: keyArn });
const uncached = {
  seal: async (plaintext: string) =>
    (
      await encrypt(keyring, plaintext, { encryptionContext: { ...context }, suiteId: deployedSuite })
    ).result.toString('base64'),
  open: async (sealed: string) =>
    (await decrypt(keyring, Buffer.from(sealed, 'base64'))).plaintext.toString('utf8'),
};

// For comparison, what was deployed before: the same cache with the SDK's default suite, which
// signs every message with ECDSA P-384 (adapters/aws/envelope.ts says why the platform dropped it).
const signed = (() => {
  const materials = new NodeCachingMaterialsManager({
    backingMaterials: new KmsKeyringNode({ generatorKeyId: keyArn }),
    cache: getLocalCryptographicMaterialsCache(1000),
    maxAge: 300_000,
    maxMessagesEncrypted: 1000,
  });
  const suiteId = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
  return {
    seal: async (plaintext: string) =>
      (await encrypt(materials, plaintext, { encryptionContext: { ...context }, suiteId })).result.toString(
        'base64',
      ),
    open: async (sealed: string) =>
      (await decrypt(materials, Buffer.from(sealed, 'base64'))).plaintext.toString('utf8'),
  };
})();

interface Phase {
  readonly name: string;
  readonly ops: number;
  readonly opsPerSecond: number;
  readonly kmsCalls: number;
}

async function phase(name: string, ops: number, op: (i: number) => Promise<unknown>): Promise<Phase> {
  await op(-1); // warm: connections, first data key; not counted
  kmsCalls.clear();
  const start = performance.now();
  for (let i = 0; i < ops; i++) await op(i);
  const seconds = (performance.now() - start) / 1000;
  const calls = [...kmsCalls.values()].reduce((a, b) => a + b, 0);
  return { name, ops, opsPerSecond: ops / seconds, kmsCalls: calls };
}

const CACHED_OPS = Number(process.env.BENCH_ENCRYPTION_OPS ?? 3_000);
const UNCACHED_OPS = 150;
const sealedCached = await cached.seal(secret, context);
const sealedPlain = await uncached.seal(secret);
const sealedSigned = await signed.seal(secret);
const encryptBase = await phase('encrypt, one KMS call each (keyring, no cache)', UNCACHED_OPS, () =>
  uncached.seal(secret),
);
const decryptBase = await phase('decrypt, one KMS call each (keyring, no cache)', UNCACHED_OPS, () =>
  uncached.open(sealedPlain),
);
const results: Array<[Phase, Phase]> = [
  [
    encryptBase,
    await phase('encrypt, caching materials manager (as deployed)', CACHED_OPS, () =>
      cached.seal(secret, context),
    ),
  ],
  [
    encryptBase,
    await phase('encrypt, caching, signing suite (deployed before)', CACHED_OPS, () => signed.seal(secret)),
  ],
  [
    decryptBase,
    await phase('decrypt, caching materials manager (as deployed)', CACHED_OPS, () =>
      cached.open(sealedCached, context),
    ),
  ],
  [
    decryptBase,
    await phase('decrypt, caching, signing suite (deployed before)', CACHED_OPS, () =>
      signed.open(sealedSigned),
    ),
  ],
];
// Decrypting many different messages: each was sealed under the cached data key, so they share it.
const many = await Promise.all(Array.from({ length: 200 }, () => cached.seal(secret, context)));
const fresh = kmsEnvelope({ keyId: keyArn });
results.push([
  decryptBase,
  await phase('decrypt 200 distinct messages (fresh cache), caching materials manager', CACHED_OPS, (i) =>
    fresh.open(many[Math.max(0, i) % many.length]!, context),
  ),
]);
counter.close();

const row = (p: Phase, base: Phase) =>
  `| ${p.name} | ${p.ops} | ${p.opsPerSecond.toFixed(0)} | ${(p.opsPerSecond / base.opsPerSecond).toFixed(1)} | ${p.kmsCalls} | ${((p.kmsCalls / p.ops) * 1000).toFixed(1)} |`;
// Each baseline is printed once, above the first row compared with it.
const printed = new Set<Phase>();
const rows = results.flatMap(([base, subject]) => {
  const lines = printed.has(base) ? [] : [row(base, base)];
  printed.add(base);
  return [...lines, row(subject, base)];
});
writeOut([
  '### Envelope encryption of config secrets (LocalStack KMS)',
  '',
  `${new Date().toISOString()} · Node ${process.version} · sequential operations, one encryption context`,
  '',
  '| operation | ops | ops/s | ratio to baseline | KMS calls | KMS calls per 1,000 ops |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  'Target: caching ≥ 20× the one-call-per-operation rate and ≤ 1 KMS call per 1,000 operations within the cache max age (issue 9)',
  '',
]);
process.exit(0);
