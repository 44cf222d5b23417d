import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { memoryAuditLog } from '../adapters/memory/audit-log';
import { memoryAuditTable, noCalls, type TableCalls } from '../adapters/memory/audit-table';
import {
  type AuditCheckpoint,
  type AuditRecord,
  CHECKPOINT_INTERVAL,
  checkpointAt,
  isCheckpointDue,
} from '../core/audit';
import type { AuditArchive, AuditEntry, AuditQuery } from '../core/ports';
import { percentile, writeOut } from './latency';

// One tenant's audit chain grown to a million records in the memory table laid out, read and
// metered as the registry table (adapters/memory/audit-table.ts): the DynamoDB calls, items and
// read units of verifying since a checkpoint, verifying in full and each filter, with times. The
// baselines are measured in the same run: each verification at 10,999 records; each filter against
// the previous design (the chain read with a filter, page after page). Times are of this process
// (hashing, paging, copying), not of DynamoDB's round trips, which the request counts stand for.

const TENANT = 'bench-clinic';
// `AUDIT_BENCH_POINTS=1999,10999 npm run bench:audit` for a quick run.
const POINTS = (process.env.AUDIT_BENCH_POINTS ?? '10999,100999,1000999').split(',').map(Number);
const FLUSH_EVERY = 1_000;
const STEP_MS = 210_000; // a record every 3.5 minutes: a million span 6.7 years.
const START = Date.UTC(2019, 11, 1);

/** The archive's anchors only (records themselves would double the heap): as the S3 archive derives them. */
function anchoringArchive(interval: number): AuditArchive & { gets: number } {
  const anchors = new Map<number, AuditCheckpoint>();
  const archive = {
    gets: 0,
    async write(records: readonly AuditRecord[]) {
      for (const record of records)
        if (isCheckpointDue(record.seq, interval) && !anchors.has(record.seq))
          anchors.set(record.seq, checkpointAt(record));
    },
    async anchored(_tenantId: string, seq: number) {
      archive.gets++;
      return anchors.get(seq);
    },
  };
  return archive;
}

const ACTIONS = [
  'operator.call',
  'proxy.egress',
  'canonical.publish',
  'installation.enable',
  'installation.configure',
  'installation.health',
  'audit.read',
  'catalog.browse',
  'tenant.read',
  'self.config',
];

/** The i-th decision: 500 users and 20 plugins, ten actions, about one in 37 denied. */
function entry(i: number): AuditEntry {
  const plugin = i % 10 === 0;
  return {
    tenantId: TENANT,
    actor: plugin
      ? { kind: 'plugin', id: `inst-${i % 20}` }
      : { kind: 'user', id: `user-${(i * 7919) % 500}` },
    action: ACTIONS[Math.floor(i / 3) % ACTIONS.length]!,
    target: { kind: 'installation', id: `inst-${i % 20}` },
    decision: i % 37 === 0 ? 'deny' : 'allow',
    reasons: [i % 37 === 0 ? 'role viewer may not operator.call' : 'role admin may operator.call'],
    traceId: `1-${(START / 1000 + i).toString(16)}-${i.toString(16).padStart(24, '0')}`,
    details: { method: 'POST', path: `/v1/plugins/inst-${i % 20}/calls`, status: 200 },
  };
}

let clock = START;
const table = memoryAuditTable();
const archive = anchoringArchive(CHECKPOINT_INTERVAL);
const log = memoryAuditLog({
  table,
  archive,
  checkpointInterval: CHECKPOINT_INTERVAL,
  now: () => new Date(clock),
});

const calls = (): TableCalls & { s3Gets: number } => ({ ...table.calls, s3Gets: archive.gets });
function delta(before: ReturnType<typeof calls>) {
  const after = calls();
  return {
    requests: after.query + after.getItem - before.query - before.getItem,
    itemsRead: after.itemsRead - before.itemsRead,
    readUnits: after.readUnits - before.readUnits,
    s3Gets: after.s3Gets - before.s3Gets,
  };
}

/**
 * The chain lives in this process's heap (a million records, gigabytes), which a verifier's Lambda
 * never holds: collecting before each run keeps the emulated storage's garbage out of the times.
 */
const settle = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Runs `work` `times` times after a warm-up run, the heap settled before each; the median time and the calls of one run. */
async function measure<T>(work: () => Promise<T>, times: number) {
  const samples: number[] = [];
  await work();
  let result: T | undefined;
  let cost: ReturnType<typeof delta> | undefined;
  for (let i = 0; i < times; i++) {
    settle();
    const before = calls();
    const start = performance.now();
    result = await work();
    samples.push(performance.now() - start);
    cost ??= delta(before);
  }
  return { ms: percentile(samples, 50), cost: cost!, result: result! };
}

const writes = noCalls();
let appended = 0;
async function growTo(length: number) {
  const before = { ...table.calls };
  const start = performance.now();
  while (appended < length) {
    clock += STEP_MS;
    await log.append(entry(appended));
    appended++;
    if (appended % FLUSH_EVERY === 0) await log.flush();
  }
  await log.flush();
  writes.tableWriteUnits += table.calls.tableWriteUnits - before.tableWriteUnits;
  writes.indexWriteUnits += table.calls.indexWriteUnits - before.indexWriteUnits;
  return performance.now() - start;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

type Row = { name: string; ms: number; cost: ReturnType<typeof delta>; answer: string };
const verification: (Row & { length: number })[] = [];
for (const length of POINTS) {
  const grown = await growTo(length);
  process.stderr.write(`${length} records (${(grown / 1000).toFixed(1)} s to append)\n`);
  const since = await measure(() => log.verify(TENANT), 20);
  const full = await measure(() => log.verify(TENANT, { mode: 'full' }), length > 200_000 ? 1 : 3);
  for (const [name, run] of [
    ['verify since checkpoint', since],
    ['full verify', full],
  ] as const) {
    if (!run.result.ok) throw new Error(`${name} failed at ${length}: ${JSON.stringify(run.result)}`);
    verification.push({ name, length, ...run, answer: `${fmt(run.result.count)} records` });
  }
}

// Filters at the full length: the first page of 100 through the indexes.
const middle = new Date(START + (STEP_MS * POINTS.at(-1)!) / 2);
const day = middle.toISOString().slice(0, 10);
const FILTERS: [string, AuditQuery][] = [
  ['actor (user-42)', { actor: 'user-42' }],
  ['action (proxy.egress)', { action: 'proxy.egress' }],
  ['decision (deny)', { decision: 'deny' }],
  [`time (one day, ${day})`, { from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` }],
  // user-42 acts on canonical.publish, audit.read and self.config only (the generator's arithmetic).
  ['actor and action (user-42, canonical.publish)', { actor: 'user-42', action: 'canonical.publish' }],
  ['actor and action, none match (user-42, proxy.egress)', { actor: 'user-42', action: 'proxy.egress' }],
  ['actor nobody has been (no match)', { actor: 'nobody' }],
];

/** Every page of a query, as a client following cursors. */
async function everyPage(filter: AuditQuery) {
  let cursor: string | undefined;
  let items = 0;
  let pages = 0;
  do {
    const page = await log.query(TENANT, filter, 100, cursor);
    items += page.items.length;
    cursor = page.cursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

/** The previous design: the chain read in order, Limit = what the page still lacks, the filter on what each read returns. */
async function previousDesign(filter: AuditQuery) {
  const { passesResidual } = await import('../adapters/aws/registry/audit-keys');
  const matches = (r: AuditRecord) =>
    passesResidual(r, filter) &&
    (!filter.from || r.time >= filter.from) &&
    (!filter.to || r.time <= filter.to);
  let after: string | undefined;
  let items = 0;
  let pages = 0;
  do {
    let found = 0;
    for (let reads = 0; reads < 20; reads++) {
      const page = table.records(TENANT, { after, limit: 100 - found });
      found += page.items.filter(matches).length;
      after = page.lastKey;
      if (after === undefined || found >= 100) break;
    }
    items += found;
    pages++;
  } while (after !== undefined);
  return { items, pages };
}

const filters: Row[] = [];
for (const [name, filter] of FILTERS) {
  const first = await measure(() => log.query(TENANT, filter, 100), 20);
  filters.push({ name: `${name}: first page`, ...first, answer: `${first.result.items.length} records` });
}
for (const [name, filter] of [FILTERS[3]!, FILTERS[2]!]) {
  const all = await measure(() => everyPage(filter), 5);
  filters.push({
    name: `${name}: every page`,
    ...all,
    answer: `${all.result.items} records in ${all.result.pages} pages`,
  });
}
const previous: Row[] = [];
for (const [name, filter] of [FILTERS[6]!, FILTERS[3]!]) {
  const run = await measure(() => previousDesign(filter), 3);
  previous.push({
    name: `previous design, ${name}: every page`,
    ...run,
    answer: `${run.result.items} records in ${run.result.pages} pages`,
  });
}

const ratio = (value: number) => (value >= 0.1 ? value.toFixed(2) : value.toPrecision(2));
const verifyBase = (name: string) => verification.find((r) => r.name === name && r.length === POINTS[0])!;
const noMatch = filters.find((r) => r.name.startsWith('actor nobody'))!;
const lines = [
  `### Audit at scale: one tenant, ${fmt(POINTS.at(-1)!)} records (memory table metered as DynamoDB)`,
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · checkpoint every ${fmt(CHECKPOINT_INTERVAL)} records`,
  '',
  'Verification at three chain lengths, each ending 999 records after its last checkpoint (the most a since-checkpoint run reads with its newest checkpoint anchored). Ratio: to the same mode at the first length. Times are the median of 20 runs (since a checkpoint) or of 3 runs and then 1 (full), each after a warm-up and with the heap collected first (`--expose-gc`): the emulated table holds the whole chain in this process, a verifier does not. Requests are DynamoDB Query and GetItem calls; read units are read request units (4 KB each, consistent reads, item size by JSON length); S3 GETs are anchor reads.',
  '',
  '| mode | records in chain | answer | time (ms) | ratio to baseline | requests | items read | read units | S3 GETs |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...verification.map(
    (r) =>
      `| ${r.name} | ${fmt(r.length)} | ${r.answer} | ${fmt(r.ms, 2)} | ${(r.ms / verifyBase(r.name).ms).toFixed(2)} | ${fmt(r.cost.requests)} | ${fmt(r.cost.itemsRead)} | ${fmt(r.cost.readUnits, 1)} | ${fmt(r.cost.s3Gets)} |`,
  ),
  '',
  `Filters at ${fmt(POINTS.at(-1)!)} records, pages of 100 (index reads are eventually consistent: ½ unit per 4 KB). Ratio: time against the previous design answering the no-match filter (the chain read with a filter, page after page), measured in this run.`,
  '',
  '| query | answer | time (ms) | ratio to baseline | requests | items read | read units |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...[...previous, ...filters].map(
    (r) =>
      `| ${r.name} | ${r.answer} | ${fmt(r.ms, 3)} | ${ratio(r.ms / previous[0]!.ms)} | ${fmt(r.cost.requests)} | ${fmt(r.cost.itemsRead)} | ${fmt(r.cost.readUnits, 1)} |`,
  ),
  '',
  `Writes: ${fmt(writes.tableWriteUnits / appended, 2)} table write units and ${fmt(writes.indexWriteUnits / appended, 2)} index write units per record (${fmt(appended)} records: the record, the head item, a checkpoint per ${fmt(CHECKPOINT_INTERVAL)}, in transactions; four index writes).`,
  '',
  `Target (issue 25): verify since a checkpoint in time independent of the chain's length (ratio ≈ 1 at every length); a filter with no match answers an empty page without reading the chain (${fmt(noMatch.cost.requests)} request, ${fmt(noMatch.cost.itemsRead)} items).`,
  '',
];
writeOut(lines);
