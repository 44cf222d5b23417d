import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { App } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { environmentOf, INSTALLATION_RESOURCES } from '../adapters/aws/deploy-contract';
import { composeApp } from '../lib/app';
import { HostFunction } from '../lib/constructs/host-function';
import { apiEvent, type Call, route } from '../test/support/api';
import { notifierManifest } from '../test/support/manifests';
import { bundleProbe, type Probe, perMillion, USD_PER_GB_SECOND } from './bundle-probe';
import { connectToEmulators } from './emulators';
import { writeOut } from './latency';

// Each deployed function's bundle, built as HostFunction builds it (source map included, run with
// --enable-source-maps as deployed), required by a fresh `node` that hands its handler one
// representative request against platform resources in the emulators (bench/memory-probe.cjs):
// its peak RSS and heap beside the memory lib/ configures, and what that memory costs.
await connectToEmulators();
const root = process.cwd();
const out = join(root, 'bench', '.out', 'memory');
mkdirSync(out, { recursive: true });

// What lib/ deploys: every HostFunction of the synthesized app, its entry and its memory.
const cdkContext = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context ?? {};
const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
composeApp(app);
const deployed = app.node
  .findAll()
  // By name: tsx may load lib/ twice (ES module and CommonJS), and then instanceof fails.
  .filter((c): c is HostFunction => c.constructor.name === HostFunction.name)
  .map((fn) => ({ entry: fn.entry, memoryMiB: Number((fn.node.defaultChild as CfnFunction).memorySize) }))
  .sort((a, b) => a.entry.localeCompare(b.entry));

// The platform's resources in the emulators (what `vivified dev` provisions), a user-token issuer
// whose keys the functions fetch, a tenant and a plugin to act on.
const { provisionDevResources } = await import('../cli/dev/resources');
const { pluginCredentials } = await import('../adapters/aws/plugin-credentials');
const { dynamoDb } = await import('../adapters/aws/clients');
const prefix = `bench-mem-${Date.now().toString(36)}`;
const resources = await provisionDevResources(prefix);
const issuer = { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench', audience: 'bench' };
const tenantId = `mem-${Date.now().toString(36)}`;
const manifest = notifierManifest();
// Deployed, API Gateway's Cognito authorizer verifies the user's ID token and hands the function
// its claims as strings (functions/shared/platform/identity.ts): the requests carry them so.
const claimsOf = (user: { sub: string; groups: string; tenantId?: string }) => ({
  sub: user.sub,
  iss: issuer.issuer,
  aud: issuer.audience,
  token_use: 'id',
  exp: String(Math.floor(Date.now() / 1000) + 3600),
  'cognito:groups': user.groups,
  ...(user.tenantId ? { 'custom:tenant_id': user.tenantId } : {}),
});
const ops = claimsOf({ sub: 'ops', groups: 'platform_admin' });
const manager = claimsOf({ sub: 'pat', groups: 'plugin_manager', tenantId });
const auditor = claimsOf({ sub: 'ida', groups: 'audit_viewer', tenantId });
/** A user route's event as API Gateway sends it once its authorizer accepted `claims`. */
const userEvent = (method: string, path: string, claims: Record<string, string>, call: Call = {}) => {
  const event = apiEvent(route(method, path), call);
  return { ...event, requestContext: { ...event.requestContext, authorizer: { claims } } };
};

const environment = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  NODE_OPTIONS: '--enable-source-maps',
  ...environmentOf({
    table: resources.tableName,
    auditBucket: resources.auditBucket,
    busName: resources.busName,
    platformKey: resources.platformKeyArn,
    credentialKey: resources.signingKeyId,
    operatorKeySecret: resources.operatorKeySecret,
    rateLimitTable: resources.tableName,
    cluster: `${prefix}-cluster`,
    jwtIssuer: issuer.issuer,
    jwtAudience: issuer.audience,
    apiUrl: 'https://api.invalid',
    serviceNamespaceName: 'plugins.bench.internal',
    taskRolePath: '/vivified/plugins/',
    taskRoleBoundary: 'arn:aws:iam::000000000000:policy/bench',
  }),
};

const { bundleOf, probe } = bundleProbe(out, environment);

/** Audit records of the tenant as the table stream hands them to the archiver. */
async function auditStreamEvent() {
  const { Items = [] } = await dynamoDb.send(
    new ScanCommand({
      TableName: resources.tableName,
      FilterExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `AUDIT#${tenantId}` } },
    }),
  );
  return {
    Records: Items.filter((item: Record<string, AttributeValue>) => item.sk?.S?.startsWith('SEQ#')).map(
      (NewImage, i) => ({ eventName: 'INSERT', dynamodb: { NewImage, SequenceNumber: String(1000 + i) } }),
    ),
  };
}

let credential = '';
/** The installation the lifecycle function created, which the lanes' credential names. */
let installationId = '';
/** One representative request per function, in an order that builds what the next needs. */
const requests: Array<[string, string, () => Promise<unknown> | unknown]> = [
  [
    'functions/tenants/handler.ts',
    'POST /v1/tenants (create the tenant)',
    () => userEvent('POST', '/v1/tenants', ops, { body: { id: tenantId, name: tenantId } }),
  ],
  [
    'functions/catalog/handler.ts',
    'POST /v1/plugins (register a manifest: its config schema compiled)',
    () => userEvent('POST', '/v1/plugins', ops, { body: manifest }),
  ],
  [
    'functions/lifecycle/handler.ts',
    'POST /v1/tenants/{tenantId}/installations (install)',
    () =>
      userEvent('POST', '/v1/tenants/{tenantId}/installations', manager, {
        params: { tenantId },
        body: { pluginId: manifest.id, version: manifest.version, consent: true },
      }),
  ],
  [
    'functions/installations/handler.ts',
    'GET /v1/tenants/{tenantId}/installations',
    () => userEvent('GET', '/v1/tenants/{tenantId}/installations', manager, { params: { tenantId } }),
  ],
  [
    'functions/audit/handler.ts',
    'GET /v1/tenants/{tenantId}/audit',
    () => userEvent('GET', '/v1/tenants/{tenantId}/audit', auditor, { params: { tenantId } }),
  ],
  [
    'functions/authorizer/handler.ts',
    'a plugin credential (TOKEN authorizer event)',
    async () => {
      const { token } = await pluginCredentials({ keyId: resources.signingKeyId }).issue({
        tenantId,
        installationId,
        pluginId: manifest.id,
        pluginVersion: manifest.version,
      });
      credential = token;
      return {
        type: 'TOKEN',
        authorizationToken: `Bearer ${token}`,
        methodArn: 'arn:aws:execute-api:us-east-1:000000000000:api/prod/POST/v1/proxy',
      };
    },
  ],
  [
    'functions/lanes/canonical/handler.ts',
    'POST /v1/canonical/events, 10 events (refused: installed, not enabled)',
    () =>
      apiEvent(route('POST', '/v1/canonical/events'), {
        token: credential,
        body: {
          events: Array.from({ length: 10 }, (_, n) => ({
            type: 'UserCreated.v1',
            data: { userId: `u-${n}`, email: `p${n}@clinic.example`, createdAt: '2026-11-24T10:00:00Z' },
          })),
        },
      }),
  ],
  [
    'functions/lanes/operator/handler.ts',
    'POST /v1/operator/{targetPluginId}/{operation} (refused: installed, not enabled)',
    () =>
      apiEvent(route('POST', '/v1/operator/{targetPluginId}/{operation}'), {
        token: credential,
        params: { targetPluginId: 'storage', operation: 'put' },
        body: { key: 'k', value: 'v' },
      }),
  ],
  [
    'functions/lanes/proxy/handler.ts',
    'POST /v1/proxy (refused: installed, not enabled)',
    () =>
      apiEvent(route('POST', '/v1/proxy'), {
        token: credential,
        body: { method: 'POST', url: 'https://api.mailer.example/v1/send', body: '{}' },
      }),
  ],
  [
    'functions/lanes/self/handler.ts',
    'GET /v1/self/config',
    () => apiEvent(route('GET', '/v1/self/config'), { token: credential }),
  ],
  [
    'functions/audit-archive/handler.ts',
    "the tenant's audit records as a table stream batch",
    auditStreamEvent,
  ],
  ['functions/audit-verify/handler.ts', 'a scheduled full verification', () => ({})],
  ['functions/health/handler.ts', 'a scheduled health round', () => ({})],
  ['functions/lifecycle-sweep/handler.ts', 'a scheduled sweep', () => ({})],
  [
    'functions/task-roles/handler.ts',
    'ensure a task role (IAM in moto)',
    () => {
      const installationId = randomUUID();
      return {
        action: 'ensure',
        installationId,
        queueUrl: `https://sqs.us-east-1.amazonaws.com/000000000000/${INSTALLATION_RESOURCES.queueName(installationId)}`,
      };
    },
  ],
];

const baselineEntry = join(out, 'one-sdk-client.ts');
writeFileSync(
  baselineEntry,
  "import { SQSClient } from '@aws-sdk/client-sqs';\n\nexport const client = new SQSClient({});\nexport const handler = async () => ({});\n",
);
const baseline = probe(await bundleOf(relative(root, baselineEntry)), {});

const rows: string[] = [];
const results: Array<{ entry: string; memoryMiB: number; probe: Probe }> = [];
for (const [entry, what, eventOf] of requests) {
  const configured = deployed.find((d) => d.entry === entry);
  const measured = probe(await bundleOf(entry), await eventOf());
  results.push({ entry, memoryMiB: configured?.memoryMiB ?? Number.NaN, probe: measured });
  if (entry === 'functions/lifecycle/handler.ts') {
    installationId = JSON.parse(measured.outcome.body ?? '{}').installationId;
  }
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${entry}: ${JSON.stringify(measured.outcome)}\n`);
  const outcome = measured.outcome.ok
    ? `${measured.outcome.status ?? 'returned'}${(measured.outcome.status ?? 0) >= 400 ? ` ${JSON.parse(measured.outcome.body ?? '{}').code}` : ''}`
    : `threw ${measured.outcome.error}`;
  rows.push(
    `| ${entry} | ${what} | ${outcome} | ${measured.afterImport.rssMiB.toFixed(0)} | ${measured.peakRssMiB.toFixed(0)} | ${measured.peakHeapMiB.toFixed(0)} | ${configured?.memoryMiB ?? '?'} | ${(measured.peakRssMiB / (configured?.memoryMiB ?? Number.NaN)).toFixed(2)} | ${perMillion(configured?.memoryMiB ?? Number.NaN).toFixed(2)} |`,
  );
}
const missing = deployed.filter((d) => !requests.some(([entry]) => entry === d.entry));
writeOut([
  '### Memory per deployed function (peak of one representative request, in process)',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · fresh process per bundle, built and run as deployed (source map, --enable-source-maps)`,
  '',
  `One-client baseline (new SQSClient({}), no request): peak RSS ${baseline.peakRssMiB.toFixed(0)} MiB, heap ${baseline.peakHeapMiB.toFixed(0)} MiB.`,
  '',
  '| function | request | answer | RSS after import (MiB) | peak RSS (MiB) | peak heap (MiB) | configured (MiB) | peak / configured | USD per 1M × 100 ms at configured |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  `Cost: Arm duration at $${USD_PER_GB_SECOND} per GB-s (https://aws.amazon.com/lambda/pricing/, US East, read 2026-12-04), for a million invocations billed 100 ms each; $0.20 per million requests on top. Halving the memory halves it only where the duration stays the same (waiting on AWS); CPU-bound time doubles instead, since Lambda gives CPU in proportion to memory (one vCPU at 1,769 MB).`,
  '',
  ...(missing.length > 0
    ? [`Not measured (no request defined): ${missing.map((d) => d.entry).join(', ')}.`, '']
    : []),
]);
writeFileSync(join(out, 'memory.json'), JSON.stringify({ baseline, results, deployed }, null, 2));
process.exit(0);
