import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditRecord, appendRecord, checkpointAt, recordHash } from '../../core/audit';
import type { AuditArchive } from '../../core/ports';
import { uniqueName } from '../support/unique';
import type { Make } from './fixtures';

/**
 * The archive under test (anchoring a checkpoint every 4 records), and how a test reads back a
 * tenant's archived records (distinct, in chain order).
 */
export interface ArchiveUnderTest {
  readonly archive: AuditArchive;
  archived(tenantId: string): Promise<AuditRecord[]>;
}

/** A chain of `length` records of one tenant, made by core's hash chain. */
export function chainOf(tenantId: string, length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < length; i++) {
    records.push(
      appendRecord(records.at(-1), {
        id: randomUUID(),
        time: new Date().toISOString(),
        tenantId,
        actor: { kind: 'system', id: 'contract' },
        action: 'installation.enable',
        target: { kind: 'installation', id: `inst-${i}` },
        decision: 'allow',
        reasons: [],
        traceId: `trace-${i}`,
      }),
    );
  }
  return records;
}

/** What every AuditArchive does, whatever keeps the records. */
export function auditArchiveContract(implementation: string, make: Make<ArchiveUnderTest>) {
  describe(`AuditArchive contract: ${implementation}`, () => {
    let subject: ArchiveUnderTest;
    beforeAll(async () => {
      subject = await make();
    });

    it("keeps each tenant's records apart and in chain order, however they were handed over", async () => {
      // Prepare
      const [a, b] = [chainOf(uniqueName('clinic'), 3), chainOf(uniqueName('clinic'), 2)];

      // Act
      await subject.archive.write([a[2]!, b[1]!, a[0]!, b[0]!, a[1]!]);

      // Assess
      expect(await subject.archived(a[0]!.tenantId)).toEqual(a);
      expect(await subject.archived(b[0]!.tenantId)).toEqual(b);
    });

    it('archives nothing new when the same records are written again', async () => {
      // Prepare
      const chain = chainOf(uniqueName('clinic'), 2);
      await subject.archive.write(chain);

      // Act
      await subject.archive.write(chain);

      // Assess
      expect(await subject.archived(chain[0]!.tenantId)).toEqual(chain);
    });

    it('anchors the checkpoint of every fourth record, derived from the record, and keeps the first anchor', async () => {
      // Prepare
      const chain = chainOf(uniqueName('clinic'), 9);
      const tenantId = chain[0]!.tenantId;
      const { hash: _hash, ...changed } = { ...chain[7]!, decision: 'deny' as const };

      // Act
      await subject.archive.write(chain.slice(0, 5));
      await subject.archive.write(chain.slice(5));
      await subject.archive.write([{ ...changed, hash: recordHash(changed) }]);

      // Assess
      expect(await subject.archive.anchored(tenantId, 4)).toEqual(checkpointAt(chain[3]!));
      expect(await subject.archive.anchored(tenantId, 8)).toEqual(checkpointAt(chain[7]!));
      expect(await subject.archive.anchored(tenantId, 3)).toBeUndefined();
      expect(await subject.archive.anchored(uniqueName('other'), 4)).toBeUndefined();
    });
  });
}
