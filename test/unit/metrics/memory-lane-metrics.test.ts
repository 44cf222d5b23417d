import { describe, expect, it } from 'vitest';
import { memoryLaneMetrics } from '../../../adapters/memory/lane-metrics';
import { memorySubscriptions } from '../../../adapters/memory/subscriptions';
import type { LaneCallSample } from '../../../core/metrics/lane-series';

const now = new Date('2026-12-04T03:30:25.000Z');
const call = (over: Partial<LaneCallSample> = {}): LaneCallSample => ({
  tenantId: 'clinic',
  installationId: 'i-1',
  lane: 'self',
  atMs: now.getTime(),
  latencyMs: 5,
  failed: false,
  ...over,
});
const ask = { tenantId: 'clinic', installationId: 'i-1', window: 'hour' } as const;
const total = (values: readonly number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0);

describe('lane metrics in memory', () => {
  it('answers an installation’s own calls only, on the window’s grid, and no events it cannot see', async () => {
    const metrics = memoryLaneMetrics();
    metrics.record(call());
    metrics.record(call({ installationId: 'i-2' }));
    metrics.record(call({ tenantId: 'other' }));

    const answer = await metrics.query(ask, now);

    expect(answer).toMatchObject({ window: 'hour', start: '2026-12-04T02:31:00.000Z', bucketSeconds: 60 });
    expect(total(answer.lanes[0]?.calls)).toBe(1);
    expect(answer.events).toBeUndefined();
    expect((await metrics.query({ ...ask, installationId: 'unknown' }, now)).lanes).toEqual([]);
  });

  it('keeps at most its capacity of calls per installation, overwriting the oldest', async () => {
    const metrics = memoryLaneMetrics({ callsPerInstallation: 3 });
    for (let i = 0; i < 5; i += 1) metrics.record(call({ latencyMs: i }));

    const [lane] = (await metrics.query(ask, now)).lanes;

    expect(total(lane?.calls)).toBe(3);
    expect(lane?.p50.at(-1)).toBe(3);
  });

  it('forgets the installation recorded least recently once it keeps too many', async () => {
    const metrics = memoryLaneMetrics({ installations: 2 });
    metrics.record(call({ installationId: 'a' }));
    metrics.record(call({ installationId: 'b' }));
    metrics.record(call({ installationId: 'a' }));
    metrics.record(call({ installationId: 'c' }));

    const kept = async (id: string) =>
      (await metrics.query({ ...ask, installationId: id }, now)).lanes.length;

    expect([await kept('a'), await kept('b'), await kept('c')]).toEqual([1, 0, 1]);
  });

  it('samples the dead-letter queue at each query, and leaves deliveries out, which it cannot see', async () => {
    // Prepare: an installation wired in memory, with letters dead in its queue.
    const wiring = memorySubscriptions();
    const queues = await wiring.ensure({
      tenantId: 'clinic',
      pluginId: 'notifier',
      installationId: 'i-1',
      types: ['UserCreated.v1'],
      view: 'public',
    });
    const metrics = memoryLaneMetrics({ deadLetters: wiring.deadLetters, samplesPerInstallation: 2 });
    const later = new Date(now.getTime() + 60_000);

    // Act
    wiring.deadLetter('i-1', 4);
    await metrics.query({ ...ask, queues }, now);
    wiring.deadLetter('i-1', 1);
    const answer = await metrics.query({ ...ask, queues }, later);

    // Assess
    expect(answer.events?.delivered).toBeUndefined();
    expect(answer.events?.deadLettered.slice(-2)).toEqual([4, 5]);
    expect(answer.events?.deadLettered.filter((n) => n === null)).toHaveLength(58);
    expect(
      (await memoryLaneMetrics({ deadLetters: wiring.deadLetters }).query(ask, now)).events,
    ).toBeUndefined();
  });

  it('forgets the samples of the installation read least recently beyond its capacity', async () => {
    // Prepare
    const metrics = memoryLaneMetrics({ deadLetters: async () => ({ waiting: 1 }), installations: 1 });
    const queues = { queueArn: 'q', deadLetterQueueUrl: 'd', deadLetterQueueArn: 'da' };

    // Act
    await metrics.query({ ...ask, queues }, now);
    await metrics.query({ ...ask, installationId: 'i-2', queues }, now);

    // Assess
    expect((await metrics.query(ask, now)).events).toBeUndefined();
  });
});
