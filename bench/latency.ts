import { appendFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * Latency of request/response paths (the operator and proxy lanes), where tinybench's ops/s says
 * little: each call's duration is recorded at a given concurrency and the table compares p50 and
 * p99 with a baseline measured in the same run.
 */

export interface LatencyRun {
  readonly name: string;
  readonly concurrency: number;
  /** Milliseconds per call, in no particular order. */
  readonly samples: number[];
}

/** Runs `calls` calls, `concurrency` at a time, and records each one's duration in ms. */
export async function timeCalls(
  call: () => Promise<unknown>,
  options: { calls: number; concurrency: number },
): Promise<number[]> {
  const samples: number[] = [];
  let left = options.calls;
  const worker = async () => {
    while (left > 0) {
      left--;
      const start = performance.now();
      await call();
      samples.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return samples;
}

/**
 * Measures a baseline and a subject at one concurrency, alternating short rounds so that drift on a
 * shared machine (another process, GC, CPU boost) falls on both alike. Warm-up rounds are discarded.
 */
export async function compare(
  baseline: { name: string; call: () => Promise<unknown> },
  subject: { name: string; call: () => Promise<unknown> },
  options: { concurrency: number; callsPerRound: number; rounds: number; warmup: number },
): Promise<[LatencyRun, LatencyRun]> {
  const { concurrency, callsPerRound, rounds, warmup } = options;
  for (const { call } of [baseline, subject]) await timeCalls(call, { calls: warmup, concurrency });
  const base: number[] = [];
  const measured: number[] = [];
  for (let round = 0; round < rounds; round++) {
    base.push(...(await timeCalls(baseline.call, { calls: callsPerRound, concurrency })));
    measured.push(...(await timeCalls(subject.call, { calls: callsPerRound, concurrency })));
  }
  return [
    { name: baseline.name, concurrency, samples: base },
    { name: subject.name, concurrency, samples: measured },
  ];
}

/**
 * `compare` for several paths at once: each round runs every path in turn, so drift on a shared
 * machine falls on all of them alike. Warm-up calls are discarded. The first path is the baseline.
 */
export async function compareAll(
  paths: ReadonlyArray<{ name: string; call: () => Promise<unknown> }>,
  options: { concurrency: number; callsPerRound: number; rounds: number; warmup: number },
): Promise<LatencyRun[]> {
  const { concurrency, callsPerRound, rounds, warmup } = options;
  for (const { call } of paths) await timeCalls(call, { calls: warmup, concurrency });
  const samples = paths.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, { call }] of paths.entries()) {
      samples[i]!.push(...(await timeCalls(call, { calls: callsPerRound, concurrency })));
    }
  }
  return paths.map(({ name }, i) => ({ name, concurrency, samples: samples[i]! }));
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export interface LatencySummary {
  readonly concurrency: number;
  readonly baseline: { p50: number; p99: number };
  readonly subject: { p50: number; p99: number };
  readonly p50Ratio: number;
  readonly p99AddedMs: number;
}

/** Prints pairs of runs (baseline, subject) as a table and appends it to bench/.out/results.md. */
export function latencyReport(
  title: string,
  pairs: ReadonlyArray<readonly [LatencyRun, LatencyRun]>,
  notes: { target: string; setup: string },
): LatencySummary[] {
  const summaries: LatencySummary[] = [];
  const rows: string[] = [];
  for (const [base, subject] of pairs) {
    const b = { p50: percentile(base.samples, 50), p99: percentile(base.samples, 99) };
    const s = { p50: percentile(subject.samples, 50), p99: percentile(subject.samples, 99) };
    summaries.push({
      concurrency: base.concurrency,
      baseline: b,
      subject: s,
      p50Ratio: s.p50 / b.p50,
      p99AddedMs: s.p99 - b.p99,
    });
    rows.push(
      `| ${base.name} | ${base.concurrency} | ${base.samples.length} | ${ms(b.p50)} | ${ms(b.p99)} | 1.00 | |`,
    );
    rows.push(
      `| ${subject.name} | ${subject.concurrency} | ${subject.samples.length} | ${ms(s.p50)} | ${ms(s.p99)} | ${(s.p50 / b.p50).toFixed(2)} | ${ms(s.p99 - b.p99)} |`,
    );
  }
  const lines = [
    `### ${title}`,
    '',
    `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
    '',
    notes.setup,
    '',
    '| path | concurrency | calls | p50 (ms) | p99 (ms) | p50 ratio | p99 added (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Target: ${notes.target}`,
    '',
  ];
  writeOut(lines);
  return summaries;
}

const ms = (value: number) => value.toFixed(3);

/** Prints lines and appends them to bench/.out/results.md, as `report` does. */
export function writeOut(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(process.cwd(), 'bench', '.out'), { recursive: true });
  appendFileSync(join(process.cwd(), 'bench', '.out', 'results.md'), `${lines.join('\n')}\n`);
}
