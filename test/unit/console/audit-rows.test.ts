import { describe, expect, it } from 'vitest';
import { auditRows } from '../../../console/src/audit-rows';
import type { AuditRecord } from '../../../functions/wire';

let seq = 100;
const record = (actor: string, action: string, decision: 'allow' | 'deny' = 'allow'): AuditRecord => ({
  id: `r-${seq}`,
  time: '2026-07-01T10:00:00.000Z',
  tenantId: 'clinic',
  actor: actor.startsWith('inst') ? { kind: 'plugin', id: actor } : { kind: 'user', id: actor },
  action,
  target: { kind: 'config', id: actor },
  decision,
  reasons: [],
  traceId: `t-${seq}`,
  seq: seq--,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

describe("the audit view's rows", () => {
  it("groups a run of one plugin's allowed decisions, and nothing a denial or a person interrupts", () => {
    // Prepare
    const poll = () => [record('inst-a', 'self.config'), record('inst-a', 'proxy.egress')];
    const records = [
      ...poll(),
      ...poll(),
      record('pat', 'installation.enable'),
      ...poll(),
      record('inst-a', 'proxy.egress', 'deny'),
      record('inst-a', 'self.config'),
      record('inst-b', 'self.config'),
    ];

    // Act
    const rows = auditRows(records);

    // Assess: every record is on the page, once, in its order.
    expect(rows.map((r) => r.kind)).toEqual([
      'routine',
      'record',
      'record',
      'record',
      'record',
      'record',
      'record',
    ]);
    const [group] = rows;
    expect(group).toMatchObject({
      key: records[0]!.id,
      actorId: 'inst-a',
      actions: [
        ['self.config', 2],
        ['proxy.egress', 2],
      ],
    });
    const flat = rows.flatMap((r) => (r.kind === 'routine' ? r.records : [r.record]));
    expect(flat).toEqual(records);
  });

  it('keeps a run at the end of the page, which the next page may lengthen', () => {
    // Prepare
    const records = [record('pat', 'audit.read'), ...[1, 2, 3, 4].map(() => record('inst-a', 'self.config'))];

    // Act
    const rows = auditRows(records);

    // Assess
    expect(rows.at(-1)).toMatchObject({
      kind: 'routine',
      key: records[1]!.id,
      actions: [['self.config', 4]],
    });
  });
});
