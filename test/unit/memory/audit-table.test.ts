import { describe, expect, it } from 'vitest';
import { memoryAuditArchive } from '../../../adapters/memory/audit-archive';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryAuditTable } from '../../../adapters/memory/audit-table';
import { entryOf } from '../../contract/audit-log.contract';

/** A log checkpointing every 100 records over a metered table, and what a call cost in DynamoDB calls. */
function metered() {
  const table = memoryAuditTable();
  const archive = memoryAuditArchive({ checkpointInterval: 100 });
  const log = memoryAuditLog({ table, archive, checkpointInterval: 100 });
  const cost = async (call: () => Promise<unknown>) => {
    const before = { ...table.calls, s3: archive.reads.count };
    await call();
    return {
      queries: table.calls.query - before.query,
      gets: table.calls.getItem - before.getItem,
      itemsRead: table.calls.itemsRead - before.itemsRead,
      s3: archive.reads.count - before.s3,
    };
  };
  const grow = async (tenantId: string, count: number) => {
    for (let i = 0; i < count; i++) await log.append(entryOf(tenantId, { traceId: `t-${i}` }));
    await log.flush();
  };
  return { log, cost, grow };
}

describe('the metered memory audit table', () => {
  it('verifies since a checkpoint with the same calls whatever the length of the chain', async () => {
    // Prepare
    const { log, cost, grow } = metered();
    await grow('short', 1_050);
    await grow('long', 5_050);

    // Act
    const short = await cost(() => log.verify('short'));
    const long = await cost(() => log.verify('long'));
    const full = await cost(() => log.verify('long', { mode: 'full' }));

    // Assess: the head, the newest checkpoints (8 at most), the 50 records after the last one.
    expect(short).toEqual({ queries: 2, gets: 1, itemsRead: 1 + 8 + 50, s3: 2 });
    expect(long).toEqual(short);
    expect(full.itemsRead).toBe(1 + 50 + 5_050);
    expect(full.s3).toBe(50 + 1);
  });

  it('answers a filter nothing matches with one Query that reads nothing, and a page of a filter with one Query', async () => {
    // Prepare
    const { log, cost, grow } = metered();
    await grow('clinic', 300);

    // Act
    const nobody = await cost(() => log.query('clinic', { actor: 'nobody' }, 25));
    const denied = await cost(() => log.query('clinic', { decision: 'deny' }, 25));
    const byActor = await cost(() => log.query('clinic', { actor: 'user-1' }, 25));

    // Assess
    expect(nobody).toEqual({ queries: 1, gets: 0, itemsRead: 0, s3: 0 });
    expect(denied).toEqual({ queries: 1, gets: 0, itemsRead: 0, s3: 0 });
    expect(byActor).toEqual({ queries: 1, gets: 0, itemsRead: 25, s3: 0 });
  });
});
