import { type RecordedCall, recordedCalls } from './recorder';

/** What one API request cost in AWS calls. */
export interface RequestRoundTrips {
  readonly route: string;
  /** What the handler answered: a refusal usually stops before most calls. */
  readonly status?: number;
  /** Every AWS call the request made, retries not counted. */
  readonly calls: number;
  /**
   * The longest chain of calls each of which began only after the one before it was answered:
   * the round trips the request waited for one after another, its critical path against AWS.
   */
  readonly sequential: number;
  /** `Service:Operation` of each call, in the order sent. */
  readonly operations: readonly string[];
}

/** Longest chain of intervals each starting after the previous ended (by end time, O(n²)). */
function longestChain(calls: readonly RecordedCall[]): number {
  const start = (call: RecordedCall) => call.startedAt ?? 0;
  const end = (call: RecordedCall) => call.endedAt ?? start(call);
  const byEnd = [...calls].sort((a, b) => end(a) - end(b));
  const depth: number[] = [];
  for (const [i, call] of byEnd.entries()) {
    let best = 0;
    for (let j = 0; j < i; j++) {
      if (end(byEnd[j]!) <= start(call)) best = Math.max(best, depth[j]!);
    }
    depth.push(best + 1);
  }
  return Math.max(0, ...depth);
}

/**
 * The recorded calls grouped by the API request they were made for (test/support/api.ts marks
 * each), so what a route costs deployed in round trips can be read off the integration run.
 */
export function roundTripsPerRequest(calls: readonly RecordedCall[]): RequestRoundTrips[] {
  const requests = new Map<number, RecordedCall[]>();
  for (const call of calls) {
    // The test platform archives each request's audit records as it settles; deployed the registry
    // table's stream feeds the archiver, and no request waits for it.
    if (!call.invocation || call.fn === 'auditArchiver') continue;
    const list = requests.get(call.invocation.id) ?? [];
    list.push(call);
    requests.set(call.invocation.id, list);
  }
  return [...requests.values()].map((list) => ({
    route: list[0]!.invocation!.route,
    status: list[0]!.invocation!.status,
    calls: list.length,
    sequential: longestChain(list),
    operations: list.map((call) => `${call.service}:${call.command}`),
  }));
}

/**
 * What the API requests sent during `work` cost in AWS calls, one entry per request in the order
 * sent: for a test that holds a route to a number of round trips (a warm lane's critical path).
 */
export async function roundTripsDuring(work: () => Promise<unknown>): Promise<RequestRoundTrips[]> {
  const from = recordedCalls().length;
  await work();
  return roundTripsPerRequest(recordedCalls().slice(from));
}
