import { useParams } from 'react-router';
import type { ConfigView } from '../../../functions/wire';
import { can } from '../access';
import { seg } from '../api';
import { ConfigForm, type ConfigSchema } from '../components/ConfigForm';
import { Problem } from '../components/Problem';
import { useConsole, useLoad } from '../context';

/** An installation's settings as a form generated from its config schema. */
export function Configure() {
  const { pluginId = '' } = useParams();
  const { api, session, tenantId } = useConsole();
  const path = `/v1/tenants/${seg(tenantId)}/installations/${seg(pluginId)}/config`;
  const config = useLoad(() => api<ConfigView>('GET', path), path);
  return (
    <section aria-labelledby="config-title">
      <h1 id="config-title">Configure {pluginId}</h1>
      <Problem error={config.error} />
      {config.data && (
        <ConfigForm
          // A new revision re-creates the form from what the server now holds.
          key={config.data.rev}
          // The manifest's config JSON Schema, of which the form reads the top-level properties.
          schema={(config.data.schema ?? {}) as ConfigSchema}
          values={config.data.values}
          secrets={config.data.secrets}
          readOnly={!can(session, 'installation.configure')}
          onSave={async (values) => {
            return (await api<ConfigView>('PUT', path, { values })).secrets;
          }}
        />
      )}
    </section>
  );
}
