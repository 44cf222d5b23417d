import type { AdminAction } from './actions';
import type { Role } from './principal';

/** Who may take one administrative action. */
export interface AdminRule {
  /** The tenant role that grants the action to a tenant's users; absent when no tenant user may. */
  readonly role?: Role;
  /**
   * Whether a platform administrator may: `always`; `platform_chain` only on the platform's own
   * audit chain (PLATFORM_TENANT_ID); `never`.
   */
  readonly platformAdmin: 'always' | 'platform_chain' | 'never';
  /** The action reaches into one tenant's data, so the tenant boundary applies. */
  readonly tenantScoped: boolean;
  /** What the action does, for reasons: "role X is required to <purpose>". */
  readonly purpose: string;
}

const catalog = (purpose: string, role?: Role): AdminRule => ({
  platformAdmin: 'always',
  tenantScoped: false,
  purpose,
  ...(role ? { role } : {}),
});
const inTenant = (role: Role, purpose: string): AdminRule => ({
  role,
  platformAdmin: 'never',
  tenantScoped: true,
  purpose,
});
const auditTrail = (purpose: string): AdminRule => ({
  role: 'audit_viewer',
  platformAdmin: 'platform_chain',
  tenantScoped: true,
  purpose,
});

/**
 * The seed's Admin Console table, exactly: Browse Marketplace -> admin, Install/Uninstall (the
 * installation lifecycle) -> plugin_manager, Configure -> config_manager, Monitor Health -> admin,
 * View Audit Logs -> audit_viewer. Roles do not imply each other; a person who needs two holds two.
 *
 * Platform administrators run the catalog and the tenant registry. They get no access inside
 * tenants (installations, config, health, tenant audit logs): the tenant boundary applies to them
 * as to everyone, so a platform operator cannot read a clinic's PHI-bearing config or trail. They
 * may read and verify the platform's own audit chain, where their actions are recorded.
 */
export const ADMIN_RULES: Readonly<Record<AdminAction, AdminRule>> = {
  'catalog.browse': catalog('browse the marketplace', 'admin'),
  'catalog.read': catalog('view plugins in the marketplace', 'admin'),
  'catalog.register': catalog('register plugins in the catalog'),
  'catalog.delete': catalog('remove plugins from the catalog'),
  'tenant.create': { platformAdmin: 'always', tenantScoped: false, purpose: 'create tenants' },
  'tenant.read': { platformAdmin: 'always', tenantScoped: false, purpose: 'read tenant records' },
  'tenant.list': { platformAdmin: 'always', tenantScoped: false, purpose: 'list tenants' },
  'installation.install': inTenant('plugin_manager', 'install plugins'),
  'installation.uninstall': inTenant('plugin_manager', 'uninstall plugins'),
  'installation.enable': inTenant('plugin_manager', 'enable plugins'),
  'installation.disable': inTenant('plugin_manager', 'disable plugins'),
  'installation.upgrade': inTenant('plugin_manager', 'upgrade plugins'),
  'installation.redrive': inTenant('plugin_manager', 'redeliver events from the dead-letter queue'),
  'installation.configure': inTenant('config_manager', 'change plugin settings'),
  'installation.config.read': inTenant('config_manager', 'read plugin settings'),
  'installation.health': inTenant('admin', 'monitor plugin health'),
  'installation.read': inTenant('admin', 'view installed plugins'),
  'installation.list': inTenant('admin', 'list installed plugins'),
  'subscriber.list': inTenant('admin', 'list external event subscribers'),
  'subscriber.create': inTenant('admin', 'send events to an external subscriber'),
  'subscriber.delete': inTenant('admin', 'remove an external event subscriber'),
  'audit.read': auditTrail('view audit logs'),
  'audit.verify': auditTrail('verify the audit chain'),
};
