import { spawnSync } from 'node:child_process';

// Each benchmark in its own process: they start servers, pin SDK endpoints through the
// environment and exit when done, and a fresh process keeps one from warming the next.
const BENCHES = [
  'bench/canonical-publish.bench.mts',
  'bench/canonical-floor.bench.mts',
  'bench/operator-lane.bench.mts',
  'bench/proxy-lane.bench.mts',
  'bench/proxy-secret.bench.mts',
  'bench/smokescreen.bench.mts',
  'bench/rate-limit.bench.mts',
  'bench/encryption.bench.mts',
  'bench/tenant-session.bench.mts',
  'bench/cold-start.bench.mts',
  'bench/memory.bench.mts',
  'bench/cdk-synth.bench.mts',
  'bench/wake-up.bench.mts',
];

const only = process.argv.slice(2);
const failed: string[] = [];
for (const bench of BENCHES.filter((b) => only.length === 0 || only.some((o) => b.includes(o)))) {
  process.stdout.write(`\n## ${bench}\n\n`);
  const child = spawnSync('npx', ['tsx', bench], { stdio: 'inherit' });
  if (child.status !== 0) failed.push(bench);
}
if (failed.length > 0) {
  process.stderr.write(`\nFailed: ${failed.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(
  '\nTables appended to bench/.out/results.md; bench/RESULTS.md holds the last recorded run.\n',
);
