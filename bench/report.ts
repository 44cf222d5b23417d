import { appendFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Bench } from 'tinybench';

/** Prints a table with each task's rate and its ratio to the first (the baseline), and appends it to bench/.out/results.md. */
export function report(title: string, bench: Bench, notes: { target: string }): void {
  const rows = bench.tasks.map((task) => {
    // Only completed tasks carry statistics; an aborted or errored one reports zero.
    const result = task.result as unknown as
      | { throughput?: { mean: number }; latency?: { p99: number } }
      | undefined;
    return { name: task.name, hz: result?.throughput?.mean ?? 0, p99: result?.latency?.p99 ?? 0 };
  });
  const base = rows[0]!;
  const lines = [
    `### ${title}`,
    '',
    `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
    '',
    '| task | ops/s | p99 (ms) | ratio to baseline |',
    '|---|---:|---:|---:|',
    ...rows.map(
      (r) => `| ${r.name} | ${r.hz.toFixed(0)} | ${r.p99.toFixed(3)} | ${(r.hz / base.hz).toFixed(2)} |`,
    ),
    '',
    `Target: ${notes.target}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(process.cwd(), 'bench', '.out'), { recursive: true });
  appendFileSync(join(process.cwd(), 'bench', '.out', 'results.md'), `${lines.join('\n')}\n`);
}
