import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { hostBuildOptions } from '../lib/bundling';

/**
 * Lambda's list price for duration on Arm (Graviton), US East (N. Virginia), first 7.5 billion
 * GB-s a month: https://aws.amazon.com/lambda/pricing/ (read 2026-12-04). Requests cost $0.20 per
 * million on top, whatever the memory.
 */
export const USD_PER_GB_SECOND = 0.0000133334;
/** Duration cost of a million invocations billed 100 ms each at `memoryMiB`. */
export const perMillion = (memoryMiB: number) => (memoryMiB / 1024) * 0.1 * USD_PER_GB_SECOND * 1e6;

/** What bench/memory-probe.cjs reports of one bundle handling one request in a fresh process. */
export interface Probe {
  importMs: number;
  requestMs: number;
  afterImport: { rssMiB: number; heapMiB: number };
  peakRssMiB: number;
  peakHeapMiB: number;
  outcome: { ok: boolean; status?: number; body?: string; error?: string };
}

/**
 * Bundles entries as HostFunction deploys them (with the source map it deploys) into `out`, and
 * runs one in a fresh `node` with `environment` and one event (bench/memory-probe.cjs).
 */
export function bundleProbe(out: string, environment: NodeJS.ProcessEnv) {
  const root = process.cwd();
  return {
    async bundleOf(entry: string): Promise<string> {
      const file = join(out, `${entry.replaceAll('/', '_').replace(/\.ts$/, '')}.js`);
      await build({
        ...hostBuildOptions(root),
        sourcemap: true,
        entryPoints: [join(root, entry)],
        outfile: file,
      });
      return file;
    },
    probe(file: string, event: unknown): Probe {
      const child = spawnSync(process.execPath, [join(root, 'bench', 'memory-probe.cjs'), file], {
        env: { ...environment, PROBE_EVENT: JSON.stringify(event) },
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (child.status !== 0) throw new Error(`probe of ${file} failed: ${child.stderr}`);
      return JSON.parse(child.stdout) as Probe;
    },
  };
}
