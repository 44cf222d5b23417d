import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { hostBuildOptions } from '../lib/bundling';
import { writeOut } from './latency';

// Every Lambda entry bundled as HostFunction does (esbuild, node22, minified, node_modules inside,
// CommonJS, ES module builds first, its module aliases), then required by a fresh `node` several
// times; against a bundle that holds one SDK client and nothing else, built and timed the same way.
const root = process.cwd();
const out = join(root, 'bench', '.out', 'bundles');
mkdirSync(out, { recursive: true });
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const LIMIT_BYTES = 600 * 1024;

function handlers(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return handlers(path);
    return name === 'handler.ts' ? [path] : [];
  });
}

const baselineEntry = join(out, 'one-sdk-client.ts');
writeFileSync(
  baselineEntry,
  "import { SQSClient } from '@aws-sdk/client-sqs';\n\nexport const client = new SQSClient({});\n",
);
const entries = [
  { name: 'baseline: one SDK client (new SQSClient({}))', entry: baselineEntry },
  ...handlers(join(root, 'functions'))
    .sort()
    .map((entry) => ({ name: relative(root, entry), entry })),
];

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

/**
 * The what-if columns change one thing each: CommonJS builds first (esbuild's own order on
 * platform node, where the SDK cannot be tree-shaken), or the SDK's default credential chain kept.
 */
const cjsFirst = { mainFields: ['main', 'module'] };
const defaultChain = { alias: {} };

async function bundle(
  { name, entry }: { name: string; entry: string },
  variant: { suffix: string; mainFields?: string[]; alias?: Record<string, string>; sourcemap?: boolean } = {
    suffix: '',
  },
): Promise<Bundle> {
  const file = join(
    out,
    `${relative(root, entry).replaceAll('/', '_').replace(/\.ts$/, '')}${variant.suffix}.js`,
  );
  const { suffix: _, ...changed } = variant;
  const result = await build({
    ...hostBuildOptions(root),
    ...changed,
    entryPoints: [entry],
    outfile: file,
    metafile: true,
  });
  writeFileSync(`${file}.meta.json`, JSON.stringify(result.metafile));
  return { name, file, bytes: statSync(file).size, metafile: result.metafile };
}

// The environment a deployed function has, with endpoints nowhere: a module that calls AWS while
// loading fails quietly after the measurement instead of reaching anything.
const environment = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  VIVIFIED_TABLE: 'bench',
  VIVIFIED_RATE_LIMIT_TABLE: 'bench',
  VIVIFIED_AUDIT_BUCKET: 'bench',
  VIVIFIED_KMS_KEY_ID: 'bench',
  VIVIFIED_CLUSTER: 'bench',
  VIVIFIED_BUS_NAME: 'bench',
  VIVIFIED_SIGNING_KEY_ID: 'bench',
  VIVIFIED_JWT_ISSUER: 'https://issuer.invalid',
  VIVIFIED_JWT_AUDIENCE: 'bench',
  VIVIFIED_JWKS_URL: 'https://issuer.invalid/jwks.json',
  VIVIFIED_API_URL: 'https://api.invalid',
  VIVIFIED_OPERATOR_KEY_SECRET: 'bench',
  // The operator lane composes its Cloud Map endpoints at start-up, as it does deployed.
  VIVIFIED_SERVICE_NAMESPACE_NAME: 'plugins.bench.internal',
  VIVIFIED_TASK_ROLE_PATH: '/vivified/plugins/',
  VIVIFIED_TASK_ROLE_BOUNDARY: 'arn:aws:iam::000000000000:policy/bench',
};

/** Milliseconds to require the bundle in a fresh process, measured inside it (node's own start excluded). */
function importMs(file: string, nodeOptions = ''): number {
  const script = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));process.exit(0)`;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { ...environment, NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`requiring ${file} failed: ${child.stderr}`);
  return Number(child.stdout);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The largest packages in a bundle, by bytes of output. */
function heaviest(metafile: Metafile, count: number): string {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const owner = match ? match[1]! : input.split('/').slice(0, 2).join('/');
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([owner, bytes]) => `${owner} ${(bytes / 1024).toFixed(0)}`)
    .join(', ');
}

const bundles: Bundle[] = [];
const whatIf: Array<[Bundle, Bundle]> = [];
for (const entry of entries) {
  bundles.push(await bundle(entry));
  whatIf.push([
    await bundle(entry, { suffix: '.cjs-first', ...cjsFirst }),
    await bundle(entry, { suffix: '.default-chain', ...defaultChain }),
  ]);
}
// Interleaved runs, so drift on a shared machine falls on every bundle alike; one discarded warm-up
// each (the first read of a file from disk).
const times = new Map<Bundle, number[]>(bundles.map((b) => [b, []]));
for (const b of bundles) importMs(b.file);
for (let run = 0; run < RUNS; run++) for (const b of bundles) times.get(b)!.push(importMs(b.file));

const baseMs = median(times.get(bundles[0]!)!);
const rows = bundles.map((b) => {
  const ms = median(times.get(b)!);
  const size = `${(b.bytes / 1024).toFixed(0)}${b.bytes > LIMIT_BYTES ? ' ✗' : ''}`;
  const ratio = `${(ms / baseMs).toFixed(2)}${ms / baseMs > 2 ? ' ✗' : ''}`;
  return `| ${b.name} | ${size} | ${ms.toFixed(1)} | ${ratio} | ${heaviest(b.metafile, 4)} |`;
});
// One handler's what-if bundles timed too, to show what the size means for the import.
const probe = whatIf[entries.findIndex((e) => e.name.endsWith('tenants/handler.ts'))] ?? whatIf[1]!;
const probeMs = probe.map((b) => median(Array.from({ length: RUNS }, () => importMs(b.file))));
// HostFunction deploys with a source map and NODE_OPTIONS=--enable-source-maps, which makes node
// read and parse the map while it loads the bundle.
const probeEntry = entries.find((e) => e.name.endsWith('tenants/handler.ts')) ?? entries[1]!;
const mapped = await bundle(probeEntry, { suffix: '.sourcemap', sourcemap: true });
const mappedMs = median(Array.from({ length: RUNS }, () => importMs(mapped.file, '--enable-source-maps')));
const plainMs = median(times.get(bundles[entries.indexOf(probeEntry)]!)!);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)}${bytes > LIMIT_BYTES ? ' ✗' : ''}`;
const whatIfRows = bundles.map(
  (b, i) => `| ${b.name} | ${kb(b.bytes)} | ${kb(whatIf[i]![0].bytes)} | ${kb(whatIf[i]![1].bytes)} |`,
);
writeOut([
  '### Cold start: bundle size and import time per Lambda entry',
  '',
  `${new Date().toISOString()} · Node ${process.version} (bundles target node22) · median of ${RUNS} fresh processes`,
  '',
  '| entry | minified KB | import (ms) | ratio to one-client bundle | largest packages in the bundle (KB) |',
  '|---|---:|---:|---:|---|',
  ...rows,
  '',
  'Targets: every bundle ≤ 600 KB minified; import ≤ 2× the one-client bundle (issue 9). ✗ marks a miss.',
  'Metafiles: bench/.out/bundles/*.meta.json (load one into https://esbuild.github.io/analyze/).',
  '',
  "For comparison (sizes in KB): the CommonJS builds first, as esbuild picks on platform node by default (what was deployed before), and with the SDK's whole default credential chain (SSO, ini files, process, web identity, IMDS) instead of the environment's credentials alone.",
  '',
  '| entry | as deployed | CommonJS first | with the default credential chain |',
  '|---|---:|---:|---:|',
  ...whatIfRows,
  '',
  `Import of ${probe[0].name.replace('.cjs-first', '')}: CommonJS first ${probeMs[0]!.toFixed(1)} ms, with the default credential chain ${probeMs[1]!.toFixed(1)} ms, as deployed ${plainMs.toFixed(1)} ms (one-client bundle ${baseMs.toFixed(1)} ms).`,
  `As HostFunction deploys it (source map, NODE_OPTIONS=--enable-source-maps): ${mappedMs.toFixed(1)} ms, against ${plainMs.toFixed(1)} ms without.`,
  '',
]);
