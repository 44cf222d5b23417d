import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeOut } from './latency';

// Wall time of `cdk synth --quiet` on whatever the app holds now, split into the CLI's own start
// and the app's synthesis, each the median of a few runs. Output goes to a temporary directory:
// cdk.out belongs to whoever else is synthesising in this checkout.
const RUNS = Number(process.env.BENCH_SYNTH_RUNS ?? 1);

function wallMs(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const child = spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${child.stderr}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed(run: () => number): number {
  return median(Array.from({ length: RUNS }, run));
}

const out = mkdtempSync(join(tmpdir(), 'vivified-synth-'));
try {
  const cli = timed(() => wallMs('npx', ['cdk', '--version']));
  // The app alone needs the context the CLI would hand it (cdk.json's feature flags).
  const { context } = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: object };
  const app = timed(() =>
    wallMs('npx', ['tsx', 'bin/vivified.ts'], {
      ...process.env,
      CDK_OUTDIR: join(out, 'app'),
      CDK_CONTEXT_JSON: JSON.stringify(context),
    }),
  );
  const synth = timed(() => wallMs('npx', ['cdk', 'synth', '--quiet', '--output', join(out, 'cli')]));
  const row = (name: string, ms: number) =>
    `| ${name} | ${(ms / 1000).toFixed(2)} | ${(ms / cli).toFixed(1)} |`;
  writeOut([
    '### cdk synth',
    '',
    `${new Date().toISOString()} · Node ${process.version} · median of ${RUNS} runs, wall time`,
    '',
    '| command | seconds | ratio to the CLI start |',
    '|---|---:|---:|',
    row('baseline: npx cdk --version (CLI start)', cli),
    row('the app alone: npx tsx bin/vivified.ts (CDK_OUTDIR set)', app),
    row('npx cdk synth --quiet', synth),
    '',
    'No target in issue 9; measured so a slower synth shows up in the next run.',
    '',
  ]);
} finally {
  rmSync(out, { recursive: true, force: true });
}
