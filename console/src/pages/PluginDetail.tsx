import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InstallationView, PluginDetails } from '../../../functions/wire';
import { can } from '../access';
import { ApiProblem, seg } from '../api';
import { Problem } from '../components/Problem';
import { StateBadge } from '../components/StateBadge';
import { useConsole, useLoad } from '../context';

/** A plugin's page: its permissions in plain words, its manifest, and install with consent. */
export function PluginDetail() {
  const { pluginId = '' } = useParams();
  const { api, session, tenantId } = useConsole();
  const navigate = useNavigate();
  const consentId = useId();
  const [version, setVersion] = useState('');
  const [consent, setConsent] = useState(false);
  const [installError, setInstallError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const plugin = useLoad(
    () =>
      api<PluginDetails>('GET', `/v1/plugins/${seg(pluginId)}${version ? `?version=${seg(version)}` : ''}`),
    `${pluginId}@${version}`,
  );
  const details = plugin.data;
  // Whether the tenant has it already: then the page links to it instead of offering an install
  // the API would refuse with 409. A 404 is the answer "not installed".
  const installed = useLoad(
    () =>
      can(session, 'installation.read')
        ? api<InstallationView>('GET', `/v1/tenants/${seg(tenantId)}/installations/${seg(pluginId)}`).catch(
            (error: unknown) => {
              if (error instanceof ApiProblem && error.status === 404) return undefined;
              throw error;
            },
          )
        : Promise.resolve(undefined),
    `${tenantId}/${pluginId}`,
  );

  const install = async () => {
    if (!details) return;
    setBusy(true);
    setInstallError(undefined);
    try {
      await api('POST', `/v1/tenants/${seg(tenantId)}/installations`, {
        pluginId,
        version: details.manifest.version,
        consent: true,
      });
      navigate(`/installations/${seg(pluginId)}`);
    } catch (error) {
      setInstallError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="plugin-title">
      <h1 id="plugin-title">{details?.name ?? pluginId}</h1>
      <Problem error={plugin.error} />
      {details && (
        <>
          <p>{details.description}</p>
          {can(session, 'catalog.rollout.read') && (
            <p>
              <Link to={`/marketplace/${seg(pluginId)}/rollout`}>Rollout to tenants</Link>
            </p>
          )}
          <label>
            Version
            <select value={details.manifest.version} onChange={(e) => setVersion(e.target.value)}>
              {details.versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <h2>Permissions it asks for</h2>
          <ul className="permissions">
            {details.permissions.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {installed.data && (
            <p className="install">
              Installed in tenant {tenantId}: version {installed.data.pluginVersion},{' '}
              <StateBadge state={installed.data.state} />.{' '}
              <Link to={`/installations/${seg(pluginId)}`}>Open the installation</Link>
            </p>
          )}
          {!installed.loading && !installed.data && can(session, 'installation.install') && (
            <div className="install">
              <h2>Install</h2>
              <div className="field checkbox">
                <input
                  id={consentId}
                  type="checkbox"
                  checked={consent}
                  onChange={(e) => setConsent(e.target.checked)}
                />
                <label htmlFor={consentId}>
                  I grant {details.name} {details.manifest.version} the permissions above for tenant{' '}
                  {tenantId}.
                </label>
              </div>
              <Problem error={installError} />
              <button
                type="button"
                className="primary"
                disabled={!consent || busy}
                onClick={() => void install()}
              >
                {busy ? 'Installing…' : 'Install'}
              </button>
            </div>
          )}
          <details>
            <summary>Manifest</summary>
            <pre>{JSON.stringify(details.manifest, null, 2)}</pre>
          </details>
        </>
      )}
    </section>
  );
}
