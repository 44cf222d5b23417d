import { Fragment, useState } from 'react';
import type { AuditActorName, AuditPage, AuditRecord, AuditVerification } from '../../../functions/wire';
import { can } from '../access';
import { seg } from '../api';
import { type AuditRow, auditRows } from '../audit-rows';
import { Explain } from '../components/Explain';
import { Problem } from '../components/Problem';
import { useConsole, useLoad } from '../context';

/** `datetime-local` values are local wall time; the API takes ISO 8601 instants. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

const PAGE_SIZE = '50';

const EMPTY = { action: '', actor: '', decision: '', trace: '', from: '', to: '', order: 'newest' };
type Filter = typeof EMPTY;

/** The query string of a filter, the empty fields left out. */
function queryOf(filter: Filter): URLSearchParams {
  const params = new URLSearchParams({ limit: PAGE_SIZE, order: filter.order });
  for (const name of ['action', 'actor', 'decision', 'trace'] as const)
    if (filter[name]) params.set(name, filter[name]);
  if (filter.from) params.set('from', instant(filter.from));
  if (filter.to) params.set('to', instant(filter.to));
  return params;
}

/** An actor as people know it, with the id it is recorded under. */
function Actor({ record, names }: { record: AuditRecord; names: ReadonlyMap<string, AuditActorName> }) {
  const known = names.get(record.actor.id);
  if (!known)
    return (
      <>
        {record.actor.id} <span className="muted">({record.actor.kind})</span>
      </>
    );
  return (
    <span title={`${record.actor.kind} ${record.actor.id}`}>
      {known.name}
      {known.version && ` ${known.version}`} <span className="muted">({record.actor.kind})</span>
    </span>
  );
}

/**
 * The tenant's audit trail, newest first, filtered on the server a page at a time, with a
 * plugin's routine polling grouped (./audit-rows.ts); and verification of its hash chain.
 */
export function Audit() {
  const { api, tenantId, session } = useConsole();
  const explainable = can(session, 'audit.explain');
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [verification, setVerification] = useState<AuditVerification>();
  const [verifyError, setVerifyError] = useState<unknown>();
  const [more, setMore] = useState<{ pages: AuditPage[]; cursor?: string; error?: unknown }>({ pages: [] });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const params = queryOf(filter);
  const base = `/v1/tenants/${seg(tenantId)}/audit`;
  const first = useLoad(async () => {
    const page = await api<AuditPage>('GET', `${base}?${params}`);
    setMore({ pages: [], ...(page.cursor ? { cursor: page.cursor } : {}) });
    return page;
  }, `${base}?${params}`);
  const loadMore = async () => {
    const next = new URLSearchParams(params);
    next.set('cursor', more.cursor ?? '');
    try {
      const page = await api<AuditPage>('GET', `${base}?${next}`);
      setMore({ pages: [...more.pages, page], ...(page.cursor ? { cursor: page.cursor } : {}) });
    } catch (error) {
      setMore({ ...more, error });
    }
  };
  const verify = async () => {
    setVerifyError(undefined);
    setVerification(undefined);
    try {
      setVerification(await api<AuditVerification>('GET', `${base}/verify`));
    } catch (error) {
      setVerifyError(error);
    }
  };
  const pages = [...(first.data ? [first.data] : []), ...more.pages];
  const records = pages.flatMap((p) => p.items);
  const names = new Map(pages.flatMap((p) => p.actors ?? []).map((a) => [a.id, a] as const));
  const change = (name: keyof Filter, value: string) => setFilter({ ...filter, [name]: value });
  const text = (name: keyof Filter, label: string, type = 'text', placeholder?: string) => (
    <label>
      {label}
      <input
        type={type}
        value={filter[name]}
        placeholder={placeholder}
        onChange={(e) => change(name, e.target.value)}
      />
    </label>
  );
  const toggle = (key: string) => {
    const next = new Set(open);
    if (!next.delete(key)) next.add(key);
    setOpen(next);
  };

  const recordRow = (r: AuditRecord, member?: boolean) => (
    <tr
      key={r.id}
      data-seq={r.seq}
      className={
        [r.decision === 'deny' ? 'denied' : '', member ? 'routine-member' : ''].join(' ').trim() || undefined
      }
    >
      <td>{r.seq}</td>
      <td>{new Date(r.time).toLocaleString()}</td>
      <td>
        <Actor record={r} names={names} />
      </td>
      <td>
        <code>{r.action}</code>
      </td>
      <td>
        {r.target.kind}: {r.target.id}
      </td>
      <td>{r.decision}</td>
      <td>{r.reasons.join('; ')}</td>
      <td>{explainable && <Explain seq={r.seq} />}</td>
      <td>
        <button
          type="button"
          className="link"
          aria-label={`Only trace ${r.traceId}`}
          onClick={() => change('trace', r.traceId)}
        >
          {r.traceId.slice(0, 8)}
        </button>
      </td>
    </tr>
  );
  const routineRow = (row: Extract<AuditRow, { kind: 'routine' }>) => {
    const expanded = open.has(row.key);
    const known = names.get(row.actorId);
    const who = known ? `${known.name}${known.version ? ` ${known.version}` : ''}` : row.actorId;
    const newest = row.records[0]!;
    const oldest = row.records.at(-1)!;
    return (
      <Fragment key={row.key}>
        <tr className="routine" data-routine={row.records.length}>
          <td colSpan={9}>
            <button type="button" aria-expanded={expanded} onClick={() => toggle(row.key)}>
              {expanded ? 'Hide' : 'Show'} {row.records.length} routine decisions
            </button>{' '}
            <strong>{who}</strong>: {row.records.length} allowed decisions of its own (
            {row.actions.map(([action, n]) => `${action} ×${n}`).join(', ')}), records #{oldest.seq}–#
            {newest.seq},{' '}
            <span className="muted">
              {new Date(oldest.time).toLocaleTimeString()} to {new Date(newest.time).toLocaleTimeString()}
            </span>
          </td>
        </tr>
        {expanded && row.records.map((r) => recordRow(r, true))}
      </Fragment>
    );
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <div className="verify">
        <button type="button" onClick={() => void verify()}>
          Verify chain
        </button>
        <p role="status" className={verification ? (verification.ok ? 'ok' : 'bad') : undefined}>
          {verification?.ok === true &&
            `Chain intact: ${verification.count} records verified, head ${verification.head.slice(0, 12)}…`}
          {verification?.ok === false &&
            `Chain broken at record ${verification.brokenAt.seq} (${verification.brokenAt.reason}).`}
        </p>
        <Problem error={verifyError} />
      </div>
      <search className="filters">
        {text('action', 'Action', 'text', 'installation.* for a prefix')}
        {text('actor', 'Actor', 'text', 'subject or installation id')}
        <label>
          Decision
          <select value={filter.decision} onChange={(e) => change('decision', e.target.value)}>
            <option value="">any</option>
            <option value="allow">allow</option>
            <option value="deny">deny</option>
          </select>
        </label>
        {text('trace', 'Trace')}
        {text('from', 'From', 'datetime-local')}
        {text('to', 'To', 'datetime-local')}
        <label>
          Order
          <select value={filter.order} onChange={(e) => change('order', e.target.value)}>
            <option value="newest">newest first</option>
            <option value="oldest">oldest first</option>
          </select>
        </label>
        <button type="button" onClick={() => setFilter(EMPTY)}>
          Clear filters
        </button>
      </search>
      <Problem error={first.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">
            Audit records of tenant {tenantId}, {filter.order === 'oldest' ? 'oldest' : 'newest'} first
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Decision</th>
              <th scope="col">Reasons</th>
              <th scope="col">Why</th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {auditRows(records).map((row) =>
              row.kind === 'record' ? recordRow(row.record) : routineRow(row),
            )}
          </tbody>
        </table>
      </div>
      {first.data && records.length === 0 && <p>No records match.</p>}
      <Problem error={more.error} />
      {more.cursor && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </section>
  );
}
