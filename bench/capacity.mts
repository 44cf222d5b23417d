import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CapacityInputs, costReport } from './capacity-model';

/**
 * `npm run capacity`: prints the deployment's monthly cost at each installation count of
 * bench/capacity-inputs.json; `npm run capacity -- --write` also puts it into docs/capacity.md,
 * between its `capacity:begin` and `capacity:end` markers.
 */
const root = join(import.meta.dirname, '..');
const inputs = JSON.parse(
  readFileSync(join(root, 'bench', 'capacity-inputs.json'), 'utf8'),
) as CapacityInputs;
const report = costReport(inputs);
console.log(report);

if (process.argv.includes('--write')) {
  const path = join(root, 'docs', 'capacity.md');
  const doc = readFileSync(path, 'utf8');
  const begin = '<!-- capacity:begin -->';
  const end = '<!-- capacity:end -->';
  const [before, rest] = doc.split(begin);
  const after = rest?.split(end)[1];
  if (before === undefined || after === undefined)
    throw new Error(`${path} has no ${begin} … ${end} markers.`);
  writeFileSync(path, `${before}${begin}\n${report}\n${end}${after}`);
  // The repository's formatter pads the tables; the unit test compares them without the padding.
  execFileSync('npx', ['biome', 'check', '--write', path], { cwd: root, stdio: 'inherit' });
}
