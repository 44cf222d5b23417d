import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's own Python environment for the fuzzer, beside the checkout and git-ignored. */
export const VENV = join(process.cwd(), '.venv-fuzz');
const REQUIREMENTS = join(process.cwd(), 'test', 'fuzz', 'requirements.txt');
/** What the venv was last installed from: a change to requirements.txt reinstalls. */
const STAMP = join(VENV, 'requirements.sha256');

/**
 * Schemathesis's `st`, installed into `.venv-fuzz` from the pinned requirements when that has not
 * been done yet (or they changed). Idempotent: a second call costs one file read.
 */
export function ensureFuzzer(say: (line: string) => void): string {
  const st = join(VENV, 'bin', 'st');
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(st) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted) return st;
  const python = process.env.PYTHON ?? 'python3';
  say(`installing the fuzzer into ${VENV} (${python}, ${REQUIREMENTS})…`);
  if (!existsSync(join(VENV, 'bin', 'python')))
    execFileSync(python, ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(
    join(VENV, 'bin', 'python'),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS],
    { stdio: 'inherit' },
  );
  writeFileSync(STAMP, wanted);
  return st;
}
