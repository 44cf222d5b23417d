import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InstallationDetails, InstallationView, PluginDetails } from '../../../functions/wire';
import { can } from '../access';
import { seg } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { Panels } from '../components/Panels';
import { Problem } from '../components/Problem';
import { StateBadge } from '../components/StateBadge';
import { useConsole, useLoad } from '../context';
import { usePluginNames } from '../plugin-names';
import { Upgrade } from './Upgrade';

/** One installation: its state, and the lifecycle actions the user's roles allow. */
export function InstallationDetail() {
  const { pluginId = '' } = useParams();
  const { api, session, tenantId } = useConsole();
  const nameOf = usePluginNames();
  const navigate = useNavigate();
  const base = `/v1/tenants/${seg(tenantId)}/installations/${seg(pluginId)}`;
  const installation = useLoad(() => api<InstallationDetails>('GET', base), base);
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const manage = can(session, 'installation.enable');
  const catalog = useLoad(
    () =>
      can(session, 'catalog.read')
        ? api<PluginDetails>('GET', `/v1/plugins/${seg(pluginId)}`)
        : Promise.resolve(undefined),
    pluginId,
  );

  const act = (verb: 'enable' | 'disable') => async () => {
    setActionError(undefined);
    try {
      const result = await api<InstallationView>('POST', `${base}/${verb}`);
      setNotice(`${pluginId} is ${result.state}.`);
      installation.reload();
    } catch (error) {
      setActionError(error);
      installation.reload();
    }
  };
  const uninstall = async () => {
    setActionError(undefined);
    try {
      await api('DELETE', base);
      navigate('/installations');
    } catch (error) {
      setActionError(error);
    }
  };

  const data = installation.data;
  const state = data?.state;
  return (
    <section aria-labelledby="installation-title">
      <h1 id="installation-title">{nameOf(pluginId)}</h1>
      <p className="hint">
        <code>{pluginId}</code>
      </p>
      <Problem error={installation.error} />
      {data && (
        <>
          <dl className="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={data.state} />
            </dd>
            <dt>Version</dt>
            <dd>{data.pluginVersion}</dd>
            <dt>Changed</dt>
            <dd>
              {new Date(data.updatedAt).toLocaleString()} by {data.updatedBy}
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
          <nav className="subnav" aria-label="Installation">
            {can(session, 'installation.config.read') && <Link to="config">Configure</Link>}
            {can(session, 'installation.health') && <Link to="health">Health</Link>}
            {can(session, 'policy.simulate') && <Link to="capabilities">What this plugin can do</Link>}
          </nav>
          <p role="status" className="status">
            {notice}
          </p>
          <Problem error={actionError} />
          {manage && (
            <div className="actions">
              {(state === 'Registered' || state === 'Disabled' || state === 'Failed') && (
                <ConfirmButton
                  label="Enable"
                  question={<p>Start {pluginId} and connect it to the lanes?</p>}
                  onConfirm={act('enable')}
                />
              )}
              {(state === 'Active' || state === 'Unhealthy' || state === 'Failed') && (
                <ConfirmButton
                  label="Disable"
                  question={<p>Stop {pluginId}? Its queue and settings are kept.</p>}
                  onConfirm={act('disable')}
                />
              )}
              <ConfirmButton
                label="Uninstall"
                danger
                question={
                  <p>
                    Uninstall {pluginId}? Its settings, secrets and queues are deleted. The audit trail is
                    kept.
                  </p>
                }
                onConfirm={uninstall}
              />
            </div>
          )}
          <Panels base={base} panels={data.panels} />
          <h2>Permissions granted</h2>
          <ul className="permissions">
            {data.permissions.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {can(session, 'installation.upgrade') && catalog.data && (
            <Upgrade
              base={base}
              current={data.pluginVersion}
              versions={catalog.data.versions}
              onUpgraded={installation.reload}
            />
          )}
        </>
      )}
    </section>
  );
}
