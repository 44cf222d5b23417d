// Finds a suitable Python and installs the pinned emulators into the project-local virtualenv.
// Plain ESM JavaScript, like emulators.mjs: it runs on a fresh clone before anything is compiled.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const VENV = join(resolve(HERE, '..'), '.localstack', 'venv');
export const VENV_PYTHON = join(VENV, 'bin', 'python');
const INSTALL_STAMP = join(VENV, '.vivified-install');
/** The last Apache-2.0 LocalStack that runs without an auth token; pinned with every dependency. */
export const LOCALSTACK_VERSION = '4.14.0';

/** A failure the user can act on; its message says what to do. */
export class EmulatorError extends Error {}

const say = (message) => process.stderr.write(`[emulators] ${message}\n`);

// LocalStack 4.14.0 declares Requires-Python >=3.10 but its modules use PEP 695 generics
// (`class InterruptibleQueue[T]`), so on 3.10/3.11 most services fail to load. 3.12 is the floor.
const MIN_PYTHON = [3, 12];
function pythonVersion(cmd) {
  const probe = spawnSync(cmd, ['-c', 'import sys, venv, ensurepip; print(*sys.version_info[:2])'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0 || !probe.stdout) return undefined;
  return probe.stdout.trim().split(' ').map(Number);
}

const atLeast = ([major, minor], [wantMajor, wantMinor]) =>
  major > wantMajor || (major === wantMajor && minor >= wantMinor);

/** Finds a Python ≥ 3.12 with venv and pip: $VIVIFIED_PYTHON, then PATH, then pyenv's versions. */
function findPython() {
  const candidates = [process.env.VIVIFIED_PYTHON, 'python3.13', 'python3.12', 'python3', 'python'];
  const pyenvRoot = spawnSync('pyenv', ['root'], { encoding: 'utf8' });
  if (pyenvRoot.status === 0) {
    const versions = join(pyenvRoot.stdout.trim(), 'versions');
    const listed = spawnSync('ls', [versions], { encoding: 'utf8' }).stdout ?? '';
    for (const v of listed
      .split('\n')
      .filter((v) => /^3\.\d+\.\d+$/.test(v))
      .reverse()) {
      candidates.push(join(versions, v, 'bin', 'python3'));
    }
  }
  const seen = [];
  for (const cmd of candidates.filter(Boolean)) {
    const version = pythonVersion(cmd);
    if (!version) continue;
    if (atLeast(version, MIN_PYTHON)) return cmd;
    seen.push(`${cmd} is ${version.join('.')}`);
  }
  throw new EmulatorError(
    [
      `Python ${MIN_PYTHON.join('.')} or newer with venv and pip is needed to run LocalStack ${LOCALSTACK_VERSION} on the host, and none was found on PATH.`,
      seen.length ? `Found only: ${seen.join('; ')}.` : '',
      'Install it (Debian 13 / Ubuntu 24.04: `apt install python3 python3-venv`; macOS: `brew install python@3.12`;',
      'older distributions: `pyenv install 3.12`), or set VIVIFIED_PYTHON to its path. With Docker instead:',
      '`docker compose -f localstack/docker-compose.yml up -d`.',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

const pinsDigest = () =>
  createHash('sha256')
    .update(readFileSync(join(HERE, 'requirements.txt')))
    .update(readFileSync(join(HERE, 'constraints.txt')))
    .digest('hex');

function run(cmd, args, { onLine } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise(output)
        : reject(
            new EmulatorError(
              `${cmd} ${args.join(' ')} failed:\n${output.split('\n').slice(-25).join('\n')}`,
            ),
          ),
    );
  });
}

/** Creates the project-local virtualenv and installs the pinned emulators, once per pin change. */
export async function ensureVenv() {
  const digest = pinsDigest();
  if (existsSync(VENV_PYTHON) && existsSync(INSTALL_STAMP) && readFileSync(INSTALL_STAMP, 'utf8') === digest)
    return;
  const python = findPython();
  say(
    `Installing LocalStack ${LOCALSTACK_VERSION} and moto into .localstack/venv (first run only, about a minute)…`,
  );
  rmSync(VENV, { recursive: true, force: true });
  await run(python, ['-m', 'venv', VENV]);
  let collected = 0;
  await run(
    VENV_PYTHON,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--progress-bar',
      'off',
      '-r',
      join(HERE, 'requirements.txt'),
      '-c',
      join(HERE, 'constraints.txt'),
    ],
    {
      onLine: (line) => {
        if (line.startsWith('Collecting ')) {
          collected += 1;
          if (collected % 10 === 1)
            say(`  collecting packages… ${collected} so far (${line.slice(11).trim().split(' ')[0]})`);
        } else if (line.startsWith('Installing collected')) say(`  installing ${collected} packages…`);
        else if (line.startsWith('Successfully installed')) say('  installed.');
      },
    },
  );
  writeFileSync(INSTALL_STAMP, digest);
}
