import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type AuditRecord, appendRecord } from '../core/audit';
import { chunkEntries, type PutEventsEntry } from '../core/canonical';
import type { AuditLog, CanonicalBus } from '../core/ports';
import { intakeManifest } from '../test/support/manifests';
import { callerCredential } from './caller-credential.mjs';
import { connectToEmulators } from './emulators';
import { eventBridgeStub } from './eventbridge-stub';
import { activeInstallation, inProcessPlane } from './in-process-plane';
import { compareAll, percentile, timeCalls, writeOut } from './latency';

// The canonical lane against its real floor: the whole lane handler publishing a batch of 10
// events, against bare PutEvents of the very entries the lane put, through the same EventBridge
// client to the same local stub. What the lane adds over the AWS call it cannot avoid:
// authenticate, decide and audit each event, count the call, validate, stamp, redact per view.
await connectToEmulators();
const stub = await eventBridgeStub();
// The stub instead of LocalStack's EventBridge, set before the SDK clients load (./emulators).
process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = stub.endpoint;
const { canonicalLane } = await import('../functions/lanes/canonical/api');
const { eventBridgeBus } = await import('../adapters/aws/event-bus');
const { eventBridge } = await import('../adapters/aws/clients');
const { apiEvent, lambdaContext, route } = await import('../test/support/api');

const TENANT = 'clinic-a';
const VIEWS = ['public+internal+confidential+pii+phi', 'public+internal+confidential+pii', 'public+internal'];
const EVENTS = 10;
const events = Array.from({ length: EVENTS }, (_, n) => ({
  type: 'UserCreated.v1',
  data: {
    userId: `u-${n}`,
    email: `p${n}@clinic.example`,
    name: `Patient ${n}`,
    dateOfBirth: '1980-02-29',
    mrn: `MRN-${n}`,
    roles: ['patient'],
    createdAt: '2026-11-24T10:00:00Z',
  },
}));
const installation = activeInstallation(TENANT, intakeManifest());
const { credentials, token } = await callerCredential(installation);
const publishRoute = route('POST', '/v1/canonical/events');
const bus = eventBridgeBus({ eventBridge });

/** A bus that takes every entry at once: the lane without its PutEvents. */
const instantBus: CanonicalBus = {
  put: async (entries) => entries.map((_, index) => ({ index, ok: true, eventId: `e-${index}` })),
};

/**
 * Audit records hash-chained in process (core's `appendRecord`, the head kept in a variable) and
 * stored nowhere: what the lane's audit costs in CPU, without the memory table that stands in for
 * DynamoDB (which keeps and indexes every record, so its heap and its garbage collection grow).
 */
function chainOnly(): Pick<AuditLog, 'append'> {
  const heads = new Map<string, AuditRecord>();
  return {
    append: async (entry) => {
      const record = appendRecord(heads.get(entry.tenantId), {
        id: randomUUID(),
        time: new Date().toISOString(),
        ...entry,
      });
      heads.set(entry.tenantId, record);
      return record;
    },
  };
}

/** The lane with `views` subscriber views, and the entries its first call put on the bus. */
async function laneWith(
  views: readonly string[],
  variant: { bus?: CanonicalBus; audit?: Pick<AuditLog, 'append'> } = {},
) {
  let entries: readonly PutEventsEntry[] | undefined;
  const target = variant.bus ?? bus;
  // Each put timed too: what the PutEvents calls take inside the lane, beside the bare ones.
  const putMs: number[] = [];
  const recording: CanonicalBus = {
    put: async (put) => {
      entries ??= put;
      const start = performance.now();
      const outcomes = await target.put(put);
      putMs.push(performance.now() - start);
      return outcomes;
    },
  };
  const plane = await inProcessPlane({
    installations: [installation],
    manifests: [intakeManifest()],
    endpointOf: () => 'http://127.0.0.1:1',
    subscribers: views.map((view) => ({ tenantId: TENANT, types: ['UserCreated.v1'], view })),
  });
  const lane = canonicalLane(
    variant.audit ? { ...plane, audit: { ...plane.audit, ...variant.audit } } : plane,
    {
      identity: credentials,
      bus: recording,
      busName: 'bus',
    },
  );
  const call = async () => {
    const result = await lane(apiEvent(publishRoute, { token, body: { events } }), lambdaContext());
    if (result.statusCode !== 202) throw new Error(`lane answered ${result.statusCode}: ${result.body}`);
  };
  await call();
  const { batches } = chunkEntries(entries!);
  // The floor: the same PutEvents calls, sent together as the bus adapter sends them.
  const bare = () =>
    Promise.all(
      batches.map((batch) =>
        eventBridge.send(new PutEventsCommand({ Entries: batch as PutEventsRequestEntry[] })),
      ),
    );
  return { call, bare, putMs, entryCount: entries!.length, putCalls: batches.length };
}

/** Events per second of each path, every path in turn each round so drift falls on both alike. */
async function eventsPerSecond(
  paths: ReadonlyArray<() => Promise<unknown>>,
  { concurrency, calls, rounds }: { concurrency: number; calls: number; rounds: number },
): Promise<number[]> {
  for (const path of paths) await timeCalls(path, { calls: 50, concurrency });
  const wallMs = paths.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (const [i, path] of paths.entries()) {
      const start = performance.now();
      await timeCalls(path, { calls, concurrency });
      wallMs[i]! += performance.now() - start;
    }
  }
  return wallMs.map((ms) => (calls * rounds * EVENTS) / (ms / 1000));
}

const rows: string[] = [];
for (const views of [VIEWS.slice(0, 1), VIEWS]) {
  const { call, bare, entryCount, putCalls } = await laneWith(views);
  for (const concurrency of [1, 16]) {
    const [floor, lane] = await eventsPerSecond([bare, call], {
      concurrency,
      calls: concurrency === 1 ? 150 : 400,
      rounds: 4,
    });
    rows.push(
      `| ${views.length} | ${entryCount} in ${putCalls} | ${concurrency} | ${floor!.toFixed(0)} | ${lane!.toFixed(0)} | ${(lane! / floor!).toFixed(2)}${lane! / floor! < 0.8 ? ' ✗' : ''} |`,
    );
  }
}
// Where the lane's time goes, per batch at concurrency 1 (p50): each variant takes one part away.
const { call: whole, bare } = await laneWith(VIEWS.slice(0, 1));
const { call: chained, putMs } = await laneWith(VIEWS.slice(0, 1), { audit: chainOnly() });
const { call: noBus } = await laneWith(VIEWS.slice(0, 1), { bus: instantBus, audit: chainOnly() });
const parts = await compareAll(
  [
    { name: 'bare PutEvents of the 10 entries', call: bare },
    { name: 'lane handler as benchmarked above (audit in the memory table)', call: whole },
    { name: 'lane handler, audit hash-chained in process and not stored', call: chained },
    { name: 'lane handler, audit chained and not stored, bus answering at once (no PutEvents)', call: noBus },
  ],
  { concurrency: 1, callsPerRound: 200, rounds: 4, warmup: 100 },
);
parts.push({ name: 'its PutEvents, timed inside the lane (row 3)', concurrency: 1, samples: putMs });
stub.server.close();
writeOut([
  '### Canonical lane against bare PutEvents (events/s, batches of 10)',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
  '',
  'The whole lane handler (API Gateway event, caller credential verified with a LocalStack KMS key, registry and audit in memory) against bare PutEvents of the entries the lane put, as many calls sent together, through the same EventBridge client to the same local HTTP stub.',
  '',
  '| subscriber views | entries per batch in PutEvents calls | concurrency | bare PutEvents events/s | lane events/s | ratio |',
  '|---:|---|---:|---:|---:|---:|',
  ...rows,
  '',
  'Target: ratio ≥ 0.8 (issue 20). ✗ marks a miss.',
  '',
  'Where the time goes, 1 subscriber view, concurrency 1: each row takes one more part away.',
  '',
  '| path | calls | p50 per batch (ms) | ratio of bare PutEvents p50 to this |',
  '|---|---:|---:|---:|',
  ...parts.map((run) => {
    const p50 = percentile(run.samples, 50);
    return `| ${run.name} | ${run.samples.length} | ${p50.toFixed(3)} | ${(percentile(parts[0]!.samples, 50) / p50).toFixed(2)} |`;
  }),
  '',
]);
process.exit(0);
