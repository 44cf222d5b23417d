import { describe, expect, it } from 'vitest';
import { bundleAsDeployed } from '../support/deployed-bundle';

// Each function bundles only the adapters of the ports it uses (each handler hands the composition
// root, functions/shared/platform, only those ports' factories; lib/bundling.ts has the rules): a
// cold start pays for every byte, and an unused SDK client is attack surface too. Bundled as
// HostFunction deploys, the packages each function carries are compared with what it needs.

async function packagesIn(entry: string): Promise<{ kilobytes: number; packages: Set<string> }> {
  const output = await bundleAsDeployed(entry);
  const packages = new Set<string>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const owner = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    if (owner && bytesInOutput > 0) packages.add(owner);
  }
  return { kilobytes: output.bytes / 1024, packages };
}

const clients = (packages: Set<string>) =>
  [...packages]
    .filter((name) => name.startsWith('@aws-sdk/client-') || name.startsWith('@aws-crypto/'))
    .sort();

describe('what each function bundles', () => {
  it.each([
    // entry, the SDK clients (and Encryption SDK) it may carry
    ['functions/authorizer/handler.ts', ['@aws-sdk/client-kms']],
    // The audit bucket is written by the archiver alone, from the table's stream.
    ['functions/audit-archive/handler.ts', ['@aws-sdk/client-s3']],
    ['functions/tenants/handler.ts', ['@aws-sdk/client-dynamodb']],
    // Verification reads the checkpoint anchors in the audit bucket (GetObject only).
    ['functions/audit/handler.ts', ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3']],
    ['functions/audit-verify/handler.ts', ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3']],
    ['functions/catalog/handler.ts', ['@aws-sdk/client-dynamodb']],
    // Service status, dead-letter counts, the credential secret, its signing key, the bus: no
    // Lambda or Cloud Map client.
    [
      'functions/health/handler.ts',
      [
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-ecs',
        '@aws-sdk/client-eventbridge',
        '@aws-sdk/client-kms',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/client-sqs',
      ],
    ],
    // Reads: service status, dead-letter counts and lane metrics, nothing that wires the bus or seals.
    [
      'functions/installations/handler.ts',
      [
        '@aws-sdk/client-cloudwatch',
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-ecs',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/client-sqs',
      ],
    ],
    // Plugins are reached by name (Cloud Map DNS), so no ECS or Cloud Map client. The lanes carry
    // STS for their tenant-scoped sessions (adapters/aws/tenant-sessions.ts).
    [
      'functions/lanes/operator/handler.ts',
      [
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-kms',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/client-sts',
      ],
    ],
    [
      'functions/lanes/canonical/handler.ts',
      [
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-eventbridge',
        '@aws-sdk/client-kms',
        '@aws-sdk/client-sts',
      ],
    ],
    // The rollout routes start the runner; the catalog, which they left, carries no Step Functions.
    ['functions/rollouts/handler.ts', ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn']],
    // A rollout step moves installations through the lifecycle's use cases, and reads the gates'
    // lane metrics; it seals no config secret, so no Encryption SDK.
    [
      'functions/rollout-step/handler.ts',
      [
        '@aws-sdk/client-cloudwatch',
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-ecs',
        '@aws-sdk/client-eventbridge',
        '@aws-sdk/client-kms',
        '@aws-sdk/client-lambda',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/client-servicediscovery',
        '@aws-sdk/client-sqs',
      ],
    ],
  ])('%s carries only %j', async (entry, allowed) => {
    const { packages } = await packagesIn(entry);
    expect(clients(packages)).toEqual([...allowed].sort());
  });

  it('the Encryption SDK rides only with the functions that seal or open config secrets', async () => {
    for (const entry of [
      'functions/tenants/handler.ts',
      'functions/catalog/handler.ts',
      'functions/lanes/operator/handler.ts',
      'functions/lanes/canonical/handler.ts',
      'functions/health/handler.ts',
    ]) {
      const { packages } = await packagesIn(entry);
      expect(
        [...packages].filter((name) => name.startsWith('@aws-crypto/')),
        entry,
      ).toEqual([]);
    }
    const proxy = await packagesIn('functions/lanes/proxy/handler.ts');
    expect(proxy.packages).toContain('@aws-crypto/decrypt-node');
    // It opens config secrets and never seals one.
    expect(proxy.packages).not.toContain('@aws-crypto/encrypt-node');
    // Only the KMS keyring: not the raw or hierarchical ones (the last brings its own DynamoDB client).
    expect([...proxy.packages].filter((name) => /keyring|keystore/.test(name)).sort()).toEqual([
      '@aws-crypto/kms-keyring',
      '@aws-crypto/kms-keyring-node',
    ]);
  });

  it('all but the lifecycle fit the cold-start budget of 600 KB minified', async () => {
    for (const entry of [
      'functions/authorizer/handler.ts',
      'functions/tenants/handler.ts',
      'functions/audit/handler.ts',
      'functions/audit-verify/handler.ts',
      'functions/lanes/self/handler.ts',
      'functions/audit-archive/handler.ts',
      'functions/lanes/operator/handler.ts',
      // With the Encryption SDK on Node's streams and one bn.js (lib/bundling.ts), its decrypting half
      // only (adapters/aws/envelope-open.ts) and the catalog's manifests without semver: 585 KB on
      // 2026-12-04, with the egress guard and the shared rate limit in.
      'functions/lanes/proxy/handler.ts',
      // Its schemas are checked by validators generated ahead of time (npm run validators).
      'functions/lanes/canonical/handler.ts',
      // It compiles plugins' config schemas, yet fits once the SDK's default credential chain is
      // left out.
      'functions/catalog/handler.ts',
      // The health round reads the runtime only; the lifecycle sweep, which removes what a stuck
      // enable made, carries the Lambda client for the task-role function (71 KB of schemas and
      // errors for one Invoke): 516 and 478 KB on 2026-12-04, 627 KB while they were one.
      'functions/health/handler.ts',
      'functions/lifecycle-sweep/handler.ts',
      // Reads only: no config validator (ajv), no Encryption SDK, no task-role function, no
      // canonical validators: 444 KB on 2026-12-04, against 1,087 KB while it also served the
      // lifecycle.
      'functions/installations/handler.ts',
      'functions/task-roles/handler.ts',
      'functions/rollouts/handler.ts',
    ]) {
      expect((await packagesIn(entry)).kilobytes, entry).toBeLessThanOrEqual(600);
    }
  });

  it('the rollout step, which no person waits for, is over the budget yet under the lifecycle', async () => {
    // Invoked by the runner's state machine between waits of a minute or more: its cold start
    // delays a step, never a request. 763 KB on 2026-12-04 against the lifecycle's 963 KB.
    const [step, lifecycle] = await Promise.all([
      packagesIn('functions/rollout-step/handler.ts'),
      packagesIn('functions/lifecycle/handler.ts'),
    ]);
    expect(step.kilobytes).toBeLessThan(lifecycle.kilobytes);
  });

  it('only what checks events or manifests carries their generated validators', async () => {
    // The lifecycle, the reads and the sweep ask whether an event type exists and what a manifest's
    // permissions say, never check an event's data or a whole manifest: they import the modules that
    // answer that (core/canonical/known-types.ts, clearance.ts; core/manifest/describe.ts, diff.ts),
    // not the indexes, whose validators are CommonJS and ride along with any import (59 and 49 KB).
    for (const entry of [
      'functions/lifecycle/handler.ts',
      'functions/installations/handler.ts',
      'functions/lifecycle-sweep/handler.ts',
      'functions/rollout-step/handler.ts',
    ]) {
      const output = await bundleAsDeployed(entry);
      const validators = Object.entries(output.inputs).filter(
        ([input, { bytesInOutput }]) => /core\/generated\//.test(input) && bytesInOutput > 0,
      );
      expect(
        validators.map(([input]) => input),
        entry,
      ).toEqual([]);
    }
    // What checks events keeps them (the canonical lane, the health round's PluginHealthChanged).
    const canonical = await bundleAsDeployed('functions/lanes/canonical/handler.ts');
    expect(Object.keys(canonical.inputs)).toContain('core/generated/canonical-models.js');
  });

  it('the lanes reach plugins and the internet with Node’s own HTTP client: undici alone is over 500 KB', async () => {
    for (const entry of ['functions/lanes/operator/handler.ts', 'functions/lanes/proxy/handler.ts']) {
      expect((await packagesIn(entry)).packages.has('undici'), entry).toBe(false);
    }
  });

  it('the lanes check what plugins send with generated validators, never ajv’s compiler (~300 KB)', async () => {
    // The proxy lane reads where config secrets may go (core/config/secret-hosts.ts) without the
    // config validation beside it, which compiles schemas with ajv.
    for (const entry of ['functions/lanes/proxy/handler.ts', 'functions/lanes/canonical/handler.ts']) {
      const output = await bundleAsDeployed(entry);
      const compiler = Object.entries(output.inputs).filter(
        ([input, { bytesInOutput }]) => /node_modules\/ajv\/dist\/compile\//.test(input) && bytesInOutput > 0,
      );
      expect(
        compiler.map(([input]) => input),
        entry,
      ).toEqual([]);
    }
  });

  it('no function carries the SDK’s default credential chain, only the environment’s credentials', async () => {
    for (const entry of [
      'functions/tenants/handler.ts',
      'functions/lanes/proxy/handler.ts',
      'functions/installations/handler.ts',
      'functions/lifecycle/handler.ts',
    ]) {
      const chain = [...(await packagesIn(entry)).packages].filter((name) =>
        /^@aws-sdk\/(credential-provider-(?!env$)|nested-clients$|token-providers$)/.test(name),
      );
      expect(chain, entry).toEqual([]);
    }
  });
});
