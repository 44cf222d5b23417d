import { Link } from 'react-router';
import type { InstallationView, Page } from '../../../functions/wire';
import { seg } from '../api';
import { HealthBadge } from '../components/HealthBadge';
import { Problem } from '../components/Problem';
import { StateBadge } from '../components/StateBadge';
import { useConsole, useLoad } from '../context';
import { usePluginNames } from '../plugin-names';

/** The tenant's installations with their lifecycle states. */
export function Installations() {
  const { api, tenantId } = useConsole();
  const nameOf = usePluginNames();
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
                  <td data-label="Plugin">
                    <Link to={`/installations/${seg(i.pluginId)}`}>{nameOf(i.pluginId)}</Link>
                    <div className="hint">
                      <code>{i.pluginId}</code>
                    </div>
                  </td>
                  <td data-label="Version">{i.pluginVersion}</td>
                  <td data-label="State">
                    <StateBadge state={i.state} /> <HealthBadge status={i.health.status} />
                    {(i.health.deadLetters ?? 0) > 0 && (
                      <div className="hint">{i.health.deadLetters} dead-lettered event(s)</div>
                    )}
                  </td>
                  <td data-label="Last health check">
                    {i.health.lastCheckedAt ? new Date(i.health.lastCheckedAt).toLocaleString() : '—'}
                  </td>
                  <td data-label="Changed">
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
