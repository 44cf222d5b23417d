import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import { catalogApi } from '../../functions/catalog/api';
import { tenantsApi } from '../../functions/tenants/api';
import { call } from './api';
import type { TestPlatform } from './control-plane';
import { installationRoutes } from './installation-routes';

export interface SeededTenant {
  readonly installations: Record<string, Installation>;
  /** A valid plugin credential per plugin id. */
  readonly credentials: Record<string, string>;
  readonly manager: string;
}

/**
 * Registers the manifests (once per platform), creates the tenant and installs and enables each
 * plugin through the real control-plane handlers, then issues each installation a credential.
 */
export async function seedTenant(
  platform: TestPlatform,
  tenantId: string,
  manifests: readonly PluginManifest[],
  options: { enable?: boolean } = {},
): Promise<SeededTenant> {
  const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
  const manager = await platform.issuer.issue({ subject: 'pat', tenantId, roles: ['plugin_manager'] });
  const tenant = await call(tenantsApi(platform.plane), 'POST', '/v1/tenants', {
    token: ops,
    body: { id: tenantId, name: tenantId },
  });
  if (tenant.status !== 201) throw new Error(`tenant: ${JSON.stringify(tenant.body)}`);
  const catalog = catalogApi(platform.plane);
  const installations = installationRoutes(platform.plane);
  const result: SeededTenant = { installations: {}, credentials: {}, manager };
  for (const manifest of manifests) {
    if (!(await platform.plane.catalog.get(manifest.id))?.versions.includes(manifest.version)) {
      const registered = await call(catalog, 'POST', '/v1/plugins', { token: ops, body: manifest });
      if (registered.status !== 201)
        throw new Error(`register ${manifest.id}: ${JSON.stringify(registered.body)}`);
    }
    const installed = await call(installations, 'POST', '/v1/tenants/{tenantId}/installations', {
      token: manager,
      params: { tenantId },
      body: { pluginId: manifest.id, version: manifest.version, consent: true },
    });
    if (installed.status !== 201)
      throw new Error(`install ${manifest.id}: ${JSON.stringify(installed.body)}`);
    if (options.enable !== false) {
      const enabled = await call(
        installations,
        'POST',
        '/v1/tenants/{tenantId}/installations/{pluginId}/enable',
        {
          token: manager,
          params: { tenantId, pluginId: manifest.id },
        },
      );
      if (enabled.status !== 200) throw new Error(`enable ${manifest.id}: ${JSON.stringify(enabled.body)}`);
    }
    const installation = (await platform.plane.installations.get(tenantId, manifest.id))!;
    result.installations[manifest.id] = installation;
    result.credentials[manifest.id] = (
      await platform.credentials.issue({
        tenantId,
        installationId: installation.installationId,
        pluginId: manifest.id,
        pluginVersion: manifest.version,
      })
    ).token;
  }
  return result;
}
