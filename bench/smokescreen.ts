import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/**
 * Stripe's Smokescreen, the CONNECT proxy the proxy lane is compared with, built from the Go module
 * proxy into the git-ignored bench/.out/go-bin (so the benchmark runs the version it names, not
 * whatever is on the PATH). Without Go there is nothing to build with: the caller skips the rows.
 */
export const SMOKESCREEN_MODULE = 'github.com/stripe/smokescreen@v0.1.0';

const GOBIN = join(process.cwd(), 'bench', '.out', 'go-bin');

/** The path of the built binary, or why there is none. */
export function installSmokescreen(): { binary: string } | { skipped: string } {
  const binary = join(GOBIN, 'smokescreen');
  if (existsSync(binary)) return { binary };
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status !== 0) {
    return { skipped: 'Go is not installed (https://go.dev/doc/install), so Smokescreen was not built' };
  }
  mkdirSync(GOBIN, { recursive: true });
  const built = spawnSync('go', ['install', SMOKESCREEN_MODULE], {
    env: { ...process.env, GOBIN },
    encoding: 'utf8',
  });
  if (built.status !== 0)
    return { skipped: `go install ${SMOKESCREEN_MODULE} failed: ${built.stderr.trim()}` };
  return { binary };
}

export interface RunningSmokescreen {
  readonly port: number;
  stop(): void;
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Smokescreen on loopback, allowed to reach `allowRange`. It refuses loopback and private ranges
 * by default (pkg/smokescreen/smokescreen.go `classifyAddr`: a non-global-unicast or loopback
 * address passes only when it is inside a configured allow range), so the benchmark's upstream is
 * allowed by `--allow-range`, as the lane allows it with its own allow range. No egress ACL file:
 * every role may go anywhere allowed, the cheapest check Smokescreen makes.
 */
export async function startSmokescreen(
  binary: string,
  options: { port: number; allowRange: string },
): Promise<RunningSmokescreen> {
  const child: ChildProcess = spawn(
    binary,
    ['--listen-ip', '127.0.0.1', '--listen-port', String(options.port), '--allow-range', options.allowRange],
    // It logs one line per request on stderr; the benchmark reads none of it.
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`smokescreen exited with ${child.exitCode}`);
    if (await reachable(options.port)) return { port: options.port, stop: () => child.kill() };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error(`smokescreen did not listen on 127.0.0.1:${options.port} within 5 s`);
}
