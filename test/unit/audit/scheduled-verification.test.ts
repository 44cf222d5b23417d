import { describe, expect, it, vi } from 'vitest';
import { memoryAuditArchive } from '../../../adapters/memory/audit-archive';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryAuditTable } from '../../../adapters/memory/audit-table';
import { registryState } from '../../../adapters/memory/registry';
import { memoryTenantStore } from '../../../adapters/memory/tenants';
import { recordHash } from '../../../core/audit';
import { newTenant } from '../../../core/tenancy';
import { scheduledVerification } from '../../../functions/audit-verify/verify';
import { entryOf } from '../../contract/audit-log.contract';

describe('the scheduled full verification', () => {
  it('verifies every chain from its genesis, and names the one changed before its checkpoint', async () => {
    // Prepare
    const tenants = memoryTenantStore(registryState());
    const table = memoryAuditTable();
    const archive = memoryAuditArchive({ checkpointInterval: 4 });
    const audit = memoryAuditLog({ table, archive, checkpointInterval: 4 });
    for (const id of ['clinic-a', 'clinic-b']) {
      await tenants.create(newTenant({ id, name: id }, new Date().toISOString()));
      for (let i = 0; i < 9; i++) await audit.append(entryOf(id));
    }
    await audit.flush();
    const [, second] = (await audit.query('clinic-b', {}, 9)).items;
    const { hash: _hash, ...changed } = { ...second!, decision: 'deny' as const };
    table.overwrite({ ...changed, hash: recordHash(changed) });
    const logger = { error: vi.fn(), info: vi.fn() };
    const metrics = { addMetric: vi.fn(), publishStoredMetrics: vi.fn() };

    // Act
    const since = await audit.verify('clinic-b');
    const outcome = await scheduledVerification({ tenants, audit, logger, metrics })();

    // Assess
    expect(since).toMatchObject({ ok: true, checkpoint: { seq: 8 } });
    expect(outcome).toEqual({ verified: 2, broken: 1, records: 9 });
    expect(logger.error).toHaveBeenCalledWith('An audit chain failed its full verification', {
      tenantId: 'clinic-b',
      brokenAt: expect.objectContaining({ seq: 3, reason: 'prev_hash_mismatch' }),
    });
    expect(metrics.addMetric).toHaveBeenCalledWith('AuditChainsBroken', 'Count', 1);
  });
});
