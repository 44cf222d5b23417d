import type { PluginManifest } from '../manifest/types';

/** The seed's tenant roles. They are not a hierarchy: `admin` does not imply the others. */
export const ROLES = ['admin', 'plugin_manager', 'config_manager', 'audit_viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A person acting inside one tenant, with the roles their verified token grants there. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly subject: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
}

/** The platform operator: looks after the catalog and the tenant registry, not tenants' data. */
export interface PlatformAdminPrincipal {
  readonly kind: 'platform_admin';
  readonly subject: string;
}

/** A plugin installation acting through a lane, with the manifest of its installed version. */
export interface PluginPrincipal {
  readonly kind: 'plugin';
  readonly tenantId: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly manifest: PluginManifest;
}

/** Who is asking. Always built from verified identity, never from what the caller says. */
export type Principal = UserPrincipal | PlatformAdminPrincipal | PluginPrincipal;
