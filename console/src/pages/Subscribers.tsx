import { useState } from 'react';
import type { Subscriber } from '../../../functions/wire';
import { can } from '../access';
import { seg } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Problem } from '../components/Problem';
import { SubscriberForm } from '../components/SubscriberForm';
import { useConsole, useLoad } from '../context';

/** The tenant's external subscribers: other accounts' buses that get copies of chosen events. */
export function Subscribers() {
  const { api, session, tenantId } = useConsole();
  const path = `/v1/tenants/${seg(tenantId)}/subscribers`;
  const list = useLoad(() => api<{ items: readonly Subscriber[] }>('GET', path), path);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const remove = async (subscriber: Subscriber) => {
    setError(undefined);
    setNotice('');
    try {
      await api('DELETE', `${path}/${seg(subscriber.subscriberId)}`);
      setNotice(`Events no longer go to ${subscriber.busArn}.`);
      list.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="subscribers-title">
      <h1 id="subscribers-title">Subscribers</h1>
      <p className="hint">
        EventBridge buses in other accounts that receive copies of this tenant's events of chosen types, with
        personal data removed unless you grant it. The other account's bus policy must let this platform put
        events on it.
      </p>
      <Problem error={list.error} />
      <Problem error={error} />
      <p role="status" className="status">
        {notice}
      </p>
      {list.loading && <p role="status">Loading…</p>}
      {list.data && items.length === 0 && <p>No external subscribers.</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">External subscribers of tenant {tenantId}</caption>
            <thead>
              <tr>
                <th scope="col">Subscriber</th>
                <th scope="col">Bus</th>
                <th scope="col">Event types</th>
                <th scope="col">View</th>
                <th scope="col">Created</th>
                {can(session, 'subscriber.delete') && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.subscriberId}>
                  <td data-label="Subscriber">
                    <code>{s.subscriberId}</code>
                  </td>
                  <td data-label="Bus">
                    <code>{s.busArn}</code>
                  </td>
                  <td data-label="Event types">{s.types.join(', ')}</td>
                  <td data-label="View">{s.view}</td>
                  <td data-label="Created">
                    {new Date(s.createdAt).toLocaleString()} by {s.createdBy}
                  </td>
                  {can(session, 'subscriber.delete') && (
                    <td data-label="Actions">
                      <ConfirmButton
                        label="Remove"
                        danger
                        question={
                          <p>
                            Stop sending {s.types.join(', ')} to <code>{s.busArn}</code>? Events already
                            delivered stay in that account.
                          </p>
                        }
                        onConfirm={() => remove(s)}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can(session, 'subscriber.create') && (
        <>
          <h2>Add a subscriber</h2>
          <SubscriberForm
            onAdd={async (body) => {
              setNotice('');
              const added = await api<Subscriber>('POST', path, body);
              setNotice(`${added.types.join(', ')} now go to ${added.busArn} (view ${added.view}).`);
              list.reload();
            }}
          />
        </>
      )}
    </section>
  );
}
