import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { PluginRuntime, RuntimeLaunch, RuntimeStatus, RuntimeWaker } from '../../core/ports';

export interface ProcessRuntimeOptions {
  /** Directory for one log file per installation. */
  readonly logDirectory: string;
  /** Working directory plugins start in. @default process.cwd() */
  readonly cwd?: string;
  /** First restart delay after a crash; doubles up to `maxBackoffMs`. @default 500 */
  readonly backoffMs?: number;
  /** @default 30 000 */
  readonly maxBackoffMs?: number;
  /** Grace period between SIGTERM and SIGKILL on stop. @default 5 000 */
  readonly stopGraceMs?: number;
  /** Names of this process's environment variables plugins also get (e.g. where the emulators are). */
  readonly inheritEnvironment?: readonly string[];
}

interface Managed {
  launch: RuntimeLaunch;
  port: number;
  child?: ChildProcess;
  wanted: boolean;
  restarts: number;
  timer?: NodeJS.Timeout;
  log: WriteStream;
}

/** A free loopback port, asked of the OS. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// Memory limits through util-linux's prlimit where it exists; elsewhere plugins run unlimited.
// RLIMIT_DATA, not RLIMIT_AS: V8 and WebAssembly reserve far more address space than they ever
// touch (tsx's loader cannot even start under a 2 GiB address-space limit), while the data limit
// counts memory actually made writable.
const PRLIMIT = spawnSync('prlimit', ['--version']).status === 0;

/**
 * The runtime port as local child processes, for `vivified dev`: each installation runs its
 * manifest's `local_command` with the environment a Fargate task gets (plus PORT), its output in
 * a log file of its own, restarted with exponential backoff when it crashes, and stopped with
 * SIGTERM then SIGKILL. Addressed by installation id, idempotent like every runtime.
 */
export function processRuntime(
  options: ProcessRuntimeOptions,
): PluginRuntime & RuntimeWaker & { stopAll(): Promise<void> } {
  const managed = new Map<string, Managed>();
  mkdirSync(options.logDirectory, { recursive: true });
  const inherited = Object.fromEntries(
    (options.inheritEnvironment ?? []).flatMap((name) =>
      process.env[name] === undefined ? [] : [[name, process.env[name]]],
    ),
  );

  function run(entry: Managed) {
    const [command, ...args] = entry.launch.runtime.local_command ?? [];
    if (!command) throw new Error(`${entry.launch.pluginId} has no runtime.local_command to run locally.`);
    // Twice the task's memory: locally the plugin also carries its TypeScript loader, which the
    // bundled image does not.
    const memoryBytes = entry.launch.runtime.memory * 1024 * 1024;
    const argv = PRLIMIT
      ? ['prlimit', `--data=${memoryBytes * 2}`, '--', command, ...args]
      : [command, ...args];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd ?? process.cwd(),
      env: {
        PATH: process.env.PATH,
        ...inherited,
        ...entry.launch.environment,
        VIVIFIED_CREDENTIAL: entry.launch.credential,
        PORT: String(entry.port),
        VIVIFIED_PORT: String(entry.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entry.child = child;
    child.stdout?.pipe(entry.log, { end: false });
    child.stderr?.pipe(entry.log, { end: false });
    child.on('exit', (code, signal) => {
      entry.child = undefined;
      entry.log.write(`[vivified] ${entry.launch.pluginId} exited (${signal ?? code})\n`);
      if (!entry.wanted) return;
      const delay = Math.min(
        options.maxBackoffMs ?? 30_000,
        (options.backoffMs ?? 500) * 2 ** entry.restarts,
      );
      entry.restarts += 1;
      entry.log.write(`[vivified] restarting in ${delay} ms (restart ${entry.restarts})\n`);
      entry.timer = setTimeout(() => entry.wanted && run(entry), delay);
    });
    child.on('spawn', () => {
      // A process that stays up a while has recovered: the next crash starts the backoff afresh.
      setTimeout(() => {
        if (entry.child === child) entry.restarts = 0;
      }, 10_000).unref();
    });
  }

  async function halt(entry: Managed) {
    entry.wanted = false;
    clearTimeout(entry.timer);
    const child = entry.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 5_000);
    await exited;
    clearTimeout(kill);
  }

  return {
    async start(launch) {
      const existing = managed.get(launch.installationId);
      if (existing) await halt(existing);
      const entry: Managed = existing
        ? { ...existing, launch, wanted: true, restarts: 0 }
        : {
            launch,
            port: await freePort(),
            wanted: true,
            restarts: 0,
            log: createWriteStream(join(options.logDirectory, `${launch.tenantId}-${launch.pluginId}.log`), {
              flags: 'a',
            }),
          };
      managed.set(launch.installationId, entry);
      run(entry);
      return { handle: `process:${launch.installationId}` };
    },

    async stop(installationId) {
      const entry = managed.get(installationId);
      if (entry) await halt(entry);
    },

    async wake(installationId) {
      // Stopped for being idle: the same launch (with its latest credential) runs again on the
      // same port, so an endpoint remembered from before the sleep still reaches it.
      const entry = managed.get(installationId);
      if (!entry || entry.wanted) return;
      entry.wanted = true;
      entry.restarts = 0;
      run(entry);
    },

    async remove(installationId) {
      const entry = managed.get(installationId);
      if (!entry) return;
      await halt(entry);
      entry.log.end();
      managed.delete(installationId);
    },

    async status(installationId): Promise<RuntimeStatus> {
      const entry = managed.get(installationId);
      if (!entry) return { exists: false, desired: 0, running: 0 };
      return {
        exists: true,
        desired: entry.wanted ? 1 : 0,
        running: entry.child && entry.child.exitCode === null ? 1 : 0,
        endpoint: `http://127.0.0.1:${entry.port}`,
      };
    },

    async rotateCredential(installationId, credential) {
      const entry = managed.get(installationId);
      if (entry) entry.launch = { ...entry.launch, credential };
    },

    async stopAll() {
      await Promise.all([...managed.values()].map(halt));
    },
  };
}
