import { useParams } from 'react-router';
import { seg } from '../api';
import { Problem } from '../components/Problem';
import { StateBadge } from '../components/StateBadge';
import { useConsole, useLoad } from '../context';

interface HealthView {
  readonly state: string;
  readonly runtime: { running?: boolean; desired?: number; detail?: string } | string | null;
  readonly consecutiveFailures: number;
  readonly lastCheckedAt?: string;
  readonly history: readonly { at: string; healthy: boolean; detail: string }[];
  readonly lastError?: string;
}

/** Status, the runtime's own view, and the recent checks of one installation. */
export function Health() {
  const { pluginId = '' } = useParams();
  const { api, tenantId } = useConsole();
  const path = `/v1/tenants/${seg(tenantId)}/installations/${seg(pluginId)}/health`;
  const health = useLoad(() => api<HealthView>('GET', path), path);
  const data = health.data;
  return (
    <section aria-labelledby="health-title">
      <h1 id="health-title">Health of {pluginId}</h1>
      <Problem error={health.error} />
      <button type="button" onClick={health.reload}>
        Refresh
      </button>
      {data && (
        <>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={data.state} />
            </dd>
            <dt>Consecutive failed checks</dt>
            <dd>{data.consecutiveFailures}</dd>
            <dt>Last check</dt>
            <dd>{data.lastCheckedAt ? new Date(data.lastCheckedAt).toLocaleString() : 'not checked yet'}</dd>
            <dt>Runtime</dt>
            <dd>
              <code>{typeof data.runtime === 'string' ? data.runtime : JSON.stringify(data.runtime)}</code>
            </dd>
            {data.lastError && (
              <>
                <dt>Last error</dt>
                <dd>{data.lastError}</dd>
              </>
            )}
          </dl>
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
                  {[...data.history].reverse().map((check) => (
                    <tr key={check.at}>
                      <td>{new Date(check.at).toLocaleString()}</td>
                      <td>{check.healthy ? 'healthy' : 'failed'}</td>
                      <td>{check.detail}</td>
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
