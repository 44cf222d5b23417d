#!/usr/bin/env node
// Prepares sdk/python/.venv: a project-local interpreter with the Python SDK installed editable
// and its test tools. Idempotent: a stamp of pyproject.toml's hash makes a second run a no-op, so
// `npm run test:python` and the SDK's end-to-end test may both call it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PYTHON_SDK = join(root, 'sdk', 'python');
export const VENV = join(PYTHON_SDK, '.venv');
/** The venv's interpreter, what a Python plugin's `runtime.local_command` runs with. */
export const VENV_PYTHON = join(VENV, 'bin', 'python');
const STAMP = join(VENV, '.vivified-sdk-installed');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
}

/** Creates the venv and installs `vivified-sdk[test]` into it unless that is done already. */
export function ensurePythonVenv({ say = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const wanted = createHash('sha256')
    .update(readFileSync(join(PYTHON_SDK, 'pyproject.toml')))
    .digest('hex');
  if (existsSync(VENV_PYTHON) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted)
    return VENV_PYTHON;
  const python = process.env.PYTHON ?? 'python3';
  // The SDK's floor, checked here so an old interpreter fails with a sentence, not a pip error.
  run(python, [
    '-c',
    'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "vivified-sdk needs Python >= 3.10")',
  ]);
  if (!existsSync(VENV_PYTHON)) {
    say(`creating ${VENV}…`);
    run(python, ['-m', 'venv', VENV]);
  }
  say('installing sdk/python[test] into it…');
  run(VENV_PYTHON, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-e',
    `${PYTHON_SDK}[test]`,
  ]);
  writeFileSync(STAMP, wanted);
  return VENV_PYTHON;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensurePythonVenv());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
