#!/usr/bin/env node
// Installs, starts, checks and stops the local AWS emulators on the host:
//   LocalStack 4.14.0 (host mode) for events, kms, sqs, s3, secretsmanager, ssm, logs, iam, sts,
//   cloudformation, apigateway and scheduler; moto's server for DynamoDB, ECS and Cloud Map
//   (servicediscovery), which LocalStack's free edition cannot serve on a host without Docker.
// Plain ESM JavaScript on purpose: it must run on a fresh clone before anything is compiled.
// Usage: node localstack/emulators.mjs up|down|status
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatorError, ensureVenv, LOCALSTACK_VERSION, VENV_PYTHON } from './python.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const STATE = join(ROOT, '.localstack');
const LOGS = join(STATE, 'logs');
const LOCK = join(STATE, 'up.lock');

export { LOCALSTACK_VERSION };
export const LOCALSTACK_SERVICES = [
  'events',
  'kms',
  'sqs',
  's3',
  'secretsmanager',
  'ssm',
  'logs',
  'iam',
  'sts',
  'cloudformation',
  'apigateway',
  'scheduler',
];
export const MOTO_SERVICES = ['dynamodb', 'ecs', 'servicediscovery'];

const START_TIMEOUT_MS = Number(process.env.VIVIFIED_EMULATOR_START_TIMEOUT_MS ?? 180_000);

const endpoints = () => ({
  localstack: process.env.VIVIFIED_LOCALSTACK_URL ?? 'http://127.0.0.1:4566',
  moto: process.env.VIVIFIED_MOTO_URL ?? 'http://127.0.0.1:5000',
});

const say = (message) => process.stderr.write(`[emulators] ${message}\n`);

const tail = (file, lines = 30) => {
  if (!existsSync(file)) return '(no log written)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
};

async function fetchJson(url, timeoutMs = 2_000) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

/** Services LocalStack reports as usable ("available" before first use, "running" after). */
async function localstackHealth(base) {
  try {
    const health = await fetchJson(`${base}/_localstack/health`);
    const ready = LOCALSTACK_SERVICES.filter((s) => ['available', 'running'].includes(health.services?.[s]));
    const missing = LOCALSTACK_SERVICES.filter((s) => !ready.includes(s));
    return { answering: true, version: health.version, missing, services: health.services ?? {} };
  } catch {
    return { answering: false, missing: LOCALSTACK_SERVICES };
  }
}

async function motoAnswers(base) {
  try {
    // The dashboard page is small and constant; /moto-api/data.json dumps all state and grows slow.
    const response = await fetch(`${base}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
    return response.ok && /moto/i.test(await response.text());
  } catch {
    return false;
  }
}

const isLocal = (url) => /^http:\/\/127\.0\.0\.1:\d+$/.test(url);
const portOf = (url) => new URL(url).port;

function startDetached(name, args, env) {
  mkdirSync(LOGS, { recursive: true });
  const logFile = join(LOGS, `${name}.log`);
  const fd = openSync(logFile, 'w');
  // A new process group, so `down` can stop the emulator and every child it spawned.
  const child = spawn(VENV_PYTHON, args, {
    cwd: STATE,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  const pidFile = join(STATE, `${name}.pid`);
  writeFileSync(pidFile, String(child.pid));
  return { pid: child.pid, logFile, pidFile };
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const readPid = (name) => {
  const file = join(STATE, `${name}.pid`);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(name, started, check) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastNote = 0;
  while (Date.now() < deadline) {
    const state = await check();
    if (state === true) return;
    if (!alive(started.pid)) {
      // Nothing of ours runs any more: forget the pid so `down` never signals a recycled one.
      rmSync(started.pidFile, { force: true });
      throw new EmulatorError(
        `${name} exited during start-up. Last lines of ${started.logFile}:\n${tail(started.logFile)}`,
      );
    }
    if (Date.now() - lastNote > 10_000) {
      lastNote = Date.now();
      say(`  waiting for ${name}${typeof state === 'string' ? ` (${state})` : ''}…`);
    }
    await sleep(500);
  }
  throw new EmulatorError(
    `${name} did not become ready within ${START_TIMEOUT_MS / 1000}s. Last lines of ${started.logFile}:\n${tail(started.logFile)}`,
  );
}

/** Serialises concurrent `up` calls (e.g. two test runs) so only one installs and starts. */
async function withLock(fn) {
  mkdirSync(STATE, { recursive: true });
  const deadline = Date.now() + START_TIMEOUT_MS + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(existsSync(join(LOCK, 'pid')) ? readFileSync(join(LOCK, 'pid'), 'utf8') : 0);
      const stale =
        (holder && !alive(holder)) || Date.now() - statSync(LOCK).mtimeMs > START_TIMEOUT_MS + 300_000;
      if (stale) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new EmulatorError(`Another start holds ${LOCK}; remove it if no start is running.`);
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Brings both emulators up, reusing any already answering. Returns the endpoints to use. */
export async function up() {
  const { localstack, moto } = endpoints();
  return withLock(async () => {
    let ls = await localstackHealth(localstack);
    const motoUp = await motoAnswers(moto);
    if (ls.answering && ls.missing.length === 0 && motoUp) {
      say(`reusing LocalStack ${ls.version} at ${localstack} and moto at ${moto}`);
      return { localstack, moto, started: [] };
    }
    if (ls.answering && ls.missing.length > 0) {
      throw new EmulatorError(
        `LocalStack at ${localstack} is missing services: ${ls.missing.join(', ')}. Restart it with SERVICES=${LOCALSTACK_SERVICES.join(',')}.`,
      );
    }
    const toStart = [];
    if (!ls.answering) toStart.push('localstack');
    if (!motoUp) toStart.push('moto');
    for (const [name, url] of [
      ['localstack', localstack],
      ['moto', moto],
    ]) {
      if (toStart.includes(name) && !isLocal(url)) {
        throw new EmulatorError(
          `${name} is not answering at ${url}, and only 127.0.0.1 emulators are started by this script.`,
        );
      }
    }
    await ensureVenv();
    const started = [];
    if (toStart.includes('localstack')) {
      say(`starting LocalStack ${LOCALSTACK_VERSION} on ${localstack}…`);
      const proc = startDetached('localstack', ['-m', 'localstack.runtime.main'], {
        GATEWAY_LISTEN: `127.0.0.1:${portOf(localstack)}`,
        // LocalStack's default server (twisted) ignores GATEWAY_LISTEN's host and binds every
        // interface; hypercorn binds the address given, so the platform's keys and secrets in the
        // emulator are reachable from this machine only.
        GATEWAY_SERVER: 'hypercorn',
        DNS_ADDRESS: '0',
        SKIP_SSL_CERT_DOWNLOAD: '1',
        DISABLE_EVENTS: '1',
        SERVICES: LOCALSTACK_SERVICES.join(','),
        EAGER_SERVICE_LOADING: '1',
        LOCALSTACK_HOST: `127.0.0.1:${portOf(localstack)}`,
        // Queue URLs like http://127.0.0.1:4566/queue/<region>/<account>/<name>: the default
        // `sqs.<region>.<host>` form is not a valid URL when the host is an IP address.
        SQS_ENDPOINT_STRATEGY: 'path',
      });
      started.push([
        'LocalStack',
        proc,
        async () => {
          ls = await localstackHealth(localstack);
          return ls.answering && ls.missing.length === 0
            ? true
            : ls.answering
              ? `missing ${ls.missing.join(', ')}`
              : 'not answering yet';
        },
      ]);
    }
    if (toStart.includes('moto')) {
      say(`starting moto (${MOTO_SERVICES.join(', ')}) on ${moto}…`);
      // Services report one running task once created (and follow desired count after updates),
      // as Fargate would once the task is up; without it moto reports none running, ever.
      const proc = startDetached('moto', [join(HERE, 'moto_server.py'), '127.0.0.1', portOf(moto)], {
        MOTO_ECS_SERVICE_RUNNING: '1',
        MOTO_PORT: portOf(moto),
      });
      started.push(['moto', proc, () => motoAnswers(moto)]);
    }
    for (const [name, proc, check] of started) await waitFor(name, proc, check);
    say('emulators ready.');
    return { localstack, moto, started: toStart };
  });
}

/** Stops exactly the processes `up` started (by their recorded process groups). */
export async function down() {
  for (const name of ['localstack', 'moto']) {
    const pid = readPid(name);
    const pidFile = join(STATE, `${name}.pid`);
    if (!pid) continue;
    if (alive(pid)) {
      say(`stopping ${name} (pid ${pid})…`);
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        process.kill(pid, 'SIGTERM');
      }
      const deadline = Date.now() + 15_000;
      while (alive(pid) && Date.now() < deadline) await sleep(200);
      if (alive(pid)) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    rmSync(pidFile, { force: true });
  }
  say('stopped what this project started.');
}

export async function status() {
  const { localstack, moto } = endpoints();
  const ls = await localstackHealth(localstack);
  const motoUp = await motoAnswers(moto);
  const owned = (name) => {
    const pid = readPid(name);
    return pid && alive(pid) ? `started here, pid ${pid}` : 'not started by this project';
  };
  const lines = [
    `LocalStack ${localstack}: ${ls.answering ? `up (version ${ls.version}${ls.missing.length ? `; missing ${ls.missing.join(', ')}` : ''})` : 'down'} — ${owned('localstack')}`,
    `moto       ${moto}: ${motoUp ? 'up' : 'down'} — ${owned('moto')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return ls.answering && ls.missing.length === 0 && motoUp;
}

/** Environment the AWS SDK needs to use the emulators (used by tests and `vivified dev`). */
export function sdkEnvironment() {
  const { localstack, moto } = endpoints();
  return {
    AWS_ENDPOINT_URL: localstack,
    AWS_ENDPOINT_URL_DYNAMODB: moto,
    AWS_ENDPOINT_URL_ECS: moto,
    // LocalStack's free edition has no Cloud Map; moto serves it beside the ECS it registers.
    AWS_ENDPOINT_URL_SERVICEDISCOVERY: moto,
    // moto's ECS checks subnets and security groups against moto's own EC2.
    AWS_ENDPOINT_URL_EC2: moto,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const command = process.argv[2];
  const commands = { up, down, status };
  if (!commands[command]) {
    process.stderr.write('usage: node localstack/emulators.mjs up|down|status\n');
    process.exit(2);
  }
  commands[command]()
    .then((result) => process.exit(command === 'status' && result === false ? 1 : 0))
    .catch((error) => {
      process.stderr.write(`[emulators] ${error instanceof EmulatorError ? error.message : error.stack}\n`);
      process.exit(1);
    });
}
