import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

export interface RunningDev {
  readonly url: string;
  /** The emulator resource prefix this process runs under. */
  readonly prefix: string;
  /** Whether the process has exited (on its own or after `stop`). */
  exited(): boolean;
  /** Called once if the process exits before `stop` asked it to. */
  onCrash(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `vivified dev --demo` as a user would: the real binary in a child process, on a free
 * port, with resource names of its own (starting with `label`). Ready once the demo is seeded.
 */
export async function startDevProcess(label = 'e2e'): Promise<RunningDev> {
  const port = await freePort();
  const prefix = uniqueName(label, 30);
  let output = '';
  let stopping = false;
  const child: ChildProcess = spawn(
    process.execPath,
    ['cli/bin/vivified.cjs', 'dev', '--demo', '--port', String(port), '--prefix', prefix],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('press Ctrl-C')) resolve();
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`vivified dev exited (${code}):\n${output}`)));
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`vivified dev was not ready in time:\n${output}`)), 200_000).unref(),
  );
  await Promise.race([ready, timeout]);
  return {
    url: `http://127.0.0.1:${port}`,
    prefix,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    onCrash(listener) {
      child.once('exit', (code, signal) => {
        if (!stopping) listener(code, signal);
      });
    },
    /**
     * Ctrl-C as a user presses it. `vivified dev` bounds its own shutdown, so one that has not
     * exited in time is a bug: it is killed, and the failure shows what the command printed.
     */
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const late = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30_000).unref()),
      ]);
      if (late) {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`vivified dev did not stop within 30 s of SIGTERM:\n${output.slice(-4000)}`);
      }
    },
  };
}

/** A development user's token, signed in the way the console does it (`POST /dev/login`). */
export async function devToken(url: string, user: string): Promise<string> {
  const response = await fetch(`${url}/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  return ((await response.json()) as { token: string }).token;
}
