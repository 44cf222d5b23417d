import { type AuditDraft, type AuditRecord, appendRecord } from '../../../core/audit';

export const draft = (n: number, overrides: Partial<AuditDraft> = {}): AuditDraft => ({
  id: `rec-${n}`,
  time: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  tenantId: 'clinic-a',
  actor: { kind: 'user', id: 'user-1' },
  action: 'installation.enable',
  target: { kind: 'installation', id: 'inst-1' },
  decision: 'allow',
  reasons: ['role plugin_manager permits enable plugins'],
  traceId: `trace-${n}`,
  ...overrides,
});

export function chainOf(drafts: readonly AuditDraft[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const next of drafts) records.push(appendRecord(records.at(-1), next));
  return records;
}
