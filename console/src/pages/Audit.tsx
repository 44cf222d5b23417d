import { useState } from 'react';
import type { AuditRecord, AuditVerification, Page } from '../../../functions/wire';
import { seg } from '../api';
import { Problem } from '../components/Problem';
import { useConsole, useLoad } from '../context';

/** `datetime-local` values are local wall time; the API takes ISO 8601 instants. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

/** The tenant's audit trail, filtered on the server, and verification of its hash chain. */
export function Audit() {
  const { api, tenantId } = useConsole();
  const [filter, setFilter] = useState({ action: '', actor: '', from: '', to: '' });
  const [verification, setVerification] = useState<AuditVerification>();
  const [verifyError, setVerifyError] = useState<unknown>();
  const [older, setOlder] = useState<{ items: AuditRecord[]; cursor?: string }>({ items: [] });
  const params = new URLSearchParams({ limit: '50' });
  if (filter.action) params.set('action', filter.action);
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.from) params.set('from', instant(filter.from));
  if (filter.to) params.set('to', instant(filter.to));
  const base = `/v1/tenants/${seg(tenantId)}/audit`;
  const page = useLoad(async () => {
    const first = await api<Page<AuditRecord>>('GET', `${base}?${params}`);
    setOlder({ items: [], ...(first.cursor ? { cursor: first.cursor } : {}) });
    return first;
  }, `${base}?${params}`);
  const loadOlder = async () => {
    const next = new URLSearchParams(params);
    next.set('cursor', older.cursor ?? '');
    const result = await api<Page<AuditRecord>>('GET', `${base}?${next}`);
    setOlder({
      items: [...older.items, ...result.items],
      ...(result.cursor ? { cursor: result.cursor } : {}),
    });
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
  const records = [...(page.data?.items ?? []), ...older.items];
  const text = (name: keyof typeof filter, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        value={filter[name]}
        onChange={(e) => setFilter({ ...filter, [name]: e.target.value })}
      />
    </label>
  );

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
        {text('action', 'Action')}
        {text('actor', 'Actor')}
        {text('from', 'From', 'datetime-local')}
        {text('to', 'To', 'datetime-local')}
      </search>
      <Problem error={page.error} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Audit records of tenant {tenantId}, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Decision</th>
              <th scope="col">Reasons</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} className={r.decision === 'deny' ? 'denied' : undefined}>
                <td>{r.seq}</td>
                <td>{new Date(r.time).toLocaleString()}</td>
                <td>
                  {r.actor.id} <span className="muted">({r.actor.kind})</span>
                </td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.target.kind}: {r.target.id}
                </td>
                <td>{r.decision}</td>
                <td>{r.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.data && records.length === 0 && <p>No records match.</p>}
      {older.cursor && (
        <button type="button" onClick={() => void loadOlder()}>
          Load more
        </button>
      )}
    </section>
  );
}
