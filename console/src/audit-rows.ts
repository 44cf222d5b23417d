import type { AuditRecord } from '../../functions/wire';

/*
 * The audit view's rows. A plugin that polls (a feed every few seconds) leaves a run of allowed
 * decisions of its own that buries everything else on the page; such a run is shown as one row
 * that opens to its records. Only the view groups them: every record is still in the chain, on
 * the page, and one click away. A denial, or anyone else's decision, ends a run.
 */

/** Runs shorter than this are shown record by record. */
export const ROUTINE_RUN = 4;

export type AuditRow =
  | { readonly kind: 'record'; readonly record: AuditRecord }
  | {
      readonly kind: 'routine';
      /** The id of the run's first record: stable while later pages lengthen the run. */
      readonly key: string;
      readonly actorId: string;
      readonly records: readonly AuditRecord[];
      /** Records per action, in the order the actions first appear. */
      readonly actions: readonly (readonly [action: string, count: number])[];
    };

const routine = (record: AuditRecord) => record.actor.kind === 'plugin' && record.decision === 'allow';

/** The records in their order, runs of one plugin's allowed decisions grouped. */
export function auditRows(records: readonly AuditRecord[], minRun = ROUTINE_RUN): AuditRow[] {
  const rows: AuditRow[] = [];
  let run: AuditRecord[] = [];
  const close = () => {
    if (run.length >= minRun) {
      const actions = new Map<string, number>();
      for (const r of run) actions.set(r.action, (actions.get(r.action) ?? 0) + 1);
      rows.push({
        kind: 'routine',
        key: run[0]!.id,
        actorId: run[0]!.actor.id,
        records: run,
        actions: [...actions],
      });
    } else rows.push(...run.map((record) => ({ kind: 'record' as const, record })));
    run = [];
  };
  for (const record of records) {
    if (run.length > 0 && !(routine(record) && record.actor.id === run[0]!.actor.id)) close();
    if (routine(record)) run.push(record);
    else rows.push({ kind: 'record', record });
  }
  close();
  return rows;
}
