import { useState } from 'react';
import { useParams } from 'react-router';
import type { HealthView, RedriveResult } from '../../../functions/wire';
import { can } from '../access';
import { seg } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { HealthBadge } from '../components/HealthBadge';
import { LaneMetrics } from '../components/LaneMetrics';
import { Problem } from '../components/Problem';
import { StateBadge } from '../components/StateBadge';
import { useConsole, useLoad } from '../context';
import { usePluginNames } from '../plugin-names';

/** Status, the runtime's own view, and the recent checks of one installation. */
export function Health() {
  const { pluginId = '' } = useParams();
  const { api, session, tenantId } = useConsole();
  const nameOf = usePluginNames();
  const path = `/v1/tenants/${seg(tenantId)}/installations/${seg(pluginId)}/health`;
  const health = useLoad(() => api<HealthView>('GET', path), path);
  const data = health.data;
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();
  const redrive = async () => {
    setError(undefined);
    try {
      const { moving } = await api<RedriveResult>('POST', path.replace(/health$/, 'dead-letters/redrive'));
      setNotice(` ${moving} event(s) sent back for redelivery.`);
      health.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="health-title">
      <h1 id="health-title">Health of {nameOf(pluginId)}</h1>
      <p className="hint">
        <code>{pluginId}</code>
      </p>
      <Problem error={health.error} />
      <Problem error={error} />
      <button type="button" onClick={health.reload}>
        Refresh
      </button>
      {data && (
        <>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={data.state} /> <HealthBadge status={data.status} />
              {data.reasons.length > 0 && (
                <ul className="reasons">
                  {data.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Consecutive failed checks</dt>
            <dd>{data.consecutiveFailures}</dd>
            <dt>Last check</dt>
            <dd>{data.lastCheckedAt ? new Date(data.lastCheckedAt).toLocaleString() : 'not checked yet'}</dd>
            <dt>Dead-lettered events</dt>
            <dd>
              {data.deadLetters}
              {data.deadLetters > 0 && can(session, 'installation.redrive') && (
                <>
                  {' '}
                  <ConfirmButton
                    label="Redeliver"
                    question={
                      <p>
                        Send the {data.deadLetters} dead-lettered event(s) back to {pluginId} for another
                        delivery attempt?
                      </p>
                    }
                    onConfirm={redrive}
                  />
                </>
              )}
              <span role="status">{notice}</span>
            </dd>
            <dt>Runtime</dt>
            <dd>
              <code>{JSON.stringify(data.runtime)}</code>
            </dd>
            {data.lastError && (
              <>
                <dt>Last error</dt>
                <dd>
                  {data.lastError.step}: {data.lastError.message}
                </dd>
              </>
            )}
          </dl>
          {can(session, 'installation.metrics') && <LaneMetrics pluginId={pluginId} />}
          <h2>Recent checks</h2>
          {data.history.length === 0 ? (
            <p>No checks yet.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Result</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {/* Newest first, as the platform keeps them. */}
                  {data.history.map((check) => (
                    <tr key={check.at}>
                      <td data-label="When">{new Date(check.at).toLocaleString()}</td>
                      <td data-label="Result">{check.healthy ? 'healthy' : 'failed'}</td>
                      <td data-label="Detail">{check.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
