import { Link } from 'react-router';
import type { InstallationView, Page } from '../../../functions/wire';
import { seg } from '../api';
import { HealthBadge } from '../components/HealthBadge';
import { Problem } from '../components/Problem';
import { StateBadge } from '../components/StateBadge';
import { useConsole, useLoad } from '../context';

/** The tenant's installations with their lifecycle states. */
export function Installations() {
  const { api, tenantId } = useConsole();
  const list = useLoad(
    () => api<Page<InstallationView>>('GET', `/v1/tenants/${seg(tenantId)}/installations?limit=100`),
    tenantId,
  );
  return (
    <section aria-labelledby="installations-title">
      <h1 id="installations-title">Installations</h1>
      <Problem error={list.error} />
      {list.loading && <p role="status">Loading…</p>}
      {list.data && list.data.items.length === 0 && (
        <p>Nothing is installed yet. Install plugins from the marketplace.</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Installed plugins in tenant {tenantId}</caption>
            <thead>
              <tr>
                <th scope="col">Plugin</th>
                <th scope="col">Version</th>
                <th scope="col">State</th>
                <th scope="col">Last health check</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((i) => (
                <tr key={i.installationId}>
                  <td>
                    <Link to={`/installations/${seg(i.pluginId)}`}>{i.pluginId}</Link>
                  </td>
                  <td>{i.pluginVersion}</td>
                  <td>
                    <StateBadge state={i.state} /> <HealthBadge status={i.health.status} />
                    {(i.health.deadLetters ?? 0) > 0 && (
                      <div className="hint">{i.health.deadLetters} dead-lettered event(s)</div>
                    )}
                  </td>
                  <td>{i.health.lastCheckedAt ? new Date(i.health.lastCheckedAt).toLocaleString() : '—'}</td>
                  <td>
                    {new Date(i.updatedAt).toLocaleString()} by {i.updatedBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
