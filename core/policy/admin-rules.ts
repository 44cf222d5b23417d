import type { AdminAction } from './actions';
import type { Role } from './principal';

/** Who may take one administrative action. */
export interface AdminRule {
  /** The tenant roles that grant the action to a tenant's users; empty when no tenant user may. */
  readonly roles: readonly Role[];
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

// The tenant's admin holds every tenant permission (as in the original Vivified, where admin is
// allowed everything); the other roles are each one job, plus the reads that job needs.
const catalog = (purpose: string, ...roles: Role[]): AdminRule => ({
  platformAdmin: 'always',
  tenantScoped: false,
  purpose,
  roles: roles.length > 0 ? ['admin', ...roles] : [],
});
const inTenant = (purpose: string, ...roles: Role[]): AdminRule => ({
  roles: ['admin', ...roles],
  platformAdmin: 'never',
  tenantScoped: true,
  purpose,
});
const auditTrail = (purpose: string): AdminRule => ({
  roles: ['admin', 'audit_viewer'],
  platformAdmin: 'platform_chain',
  tenantScoped: true,
  purpose,
});

/**
 * The seed's Admin Console table — Browse Marketplace -> admin, Install/Uninstall -> plugin_manager,
 * Configure -> config_manager, Monitor Health -> admin, View Audit Logs -> audit_viewer — with the
 * tenant admin allowed everything in its tenant, and each job allowed the reads it needs: a plugin
 * manager browses the marketplace it installs from and sees the installations and health of what
 * it installed; a config manager finds the installations it configures. An audit viewer reads
 * the trail and nothing else.
 *
 * Platform administrators run the catalog and the tenant registry. They get no access inside
 * tenants (installations, config, health, tenant audit logs): the tenant boundary applies to them
 * as to everyone, so a platform operator cannot read a clinic's PHI-bearing config or trail. They
 * may read and verify the platform's own audit chain, where their actions are recorded.
 */
export const ADMIN_RULES: Readonly<Record<AdminAction, AdminRule>> = {
  'catalog.browse': catalog('browse the marketplace', 'plugin_manager'),
  'catalog.read': catalog('view plugins in the marketplace', 'plugin_manager'),
  'catalog.register': catalog('register plugins in the catalog'),
  'catalog.delete': catalog('remove plugins from the catalog'),
  'catalog.rollout': catalog('roll plugin versions out to tenants'),
  'catalog.rollout.control': catalog('pause, resume, halt or roll back rollouts'),
  'catalog.rollout.read': catalog('follow rollouts of plugin versions'),
  'tenant.create': { roles: [], platformAdmin: 'always', tenantScoped: false, purpose: 'create tenants' },
  'tenant.read': { roles: [], platformAdmin: 'always', tenantScoped: false, purpose: 'read tenant records' },
  'tenant.list': { roles: [], platformAdmin: 'always', tenantScoped: false, purpose: 'list tenants' },
  'installation.install': inTenant('install plugins', 'plugin_manager'),
  'installation.uninstall': inTenant('uninstall plugins', 'plugin_manager'),
  'installation.enable': inTenant('enable plugins', 'plugin_manager'),
  'installation.disable': inTenant('disable plugins', 'plugin_manager'),
  'installation.upgrade': inTenant('upgrade plugins', 'plugin_manager'),
  'installation.redrive': inTenant('redeliver events from the dead-letter queue', 'plugin_manager'),
  'installation.configure': inTenant('change plugin settings', 'config_manager'),
  'installation.config.read': inTenant('read plugin settings', 'config_manager'),
  'installation.health': inTenant('monitor plugin health', 'plugin_manager'),
  // The same readers as health: the charts are the health page's, and show no PHI (counts and times).
  'installation.metrics': inTenant('view plugin lane metrics', 'plugin_manager'),
  'installation.read': inTenant('view installed plugins', 'plugin_manager', 'config_manager'),
  'installation.list': inTenant('list installed plugins', 'plugin_manager', 'config_manager'),
  'subscriber.list': inTenant('list external event subscribers'),
  'subscriber.create': inTenant('send events to an external subscriber'),
  'subscriber.delete': inTenant('remove an external event subscriber'),
  // The plugin manager consents to what a plugin may do at install and upgrade: the matrix is
  // what it consents to. The other jobs need no view of policy.
  'policy.simulate': inTenant('simulate policy decisions', 'plugin_manager'),
  // Widened per panel by the roles its manifest names (ruleFor in ./admin.ts).
  'installation.panel.open': inTenant('open plugin console panels'),
  'audit.read': auditTrail('view audit logs'),
  'audit.verify': auditTrail('verify the audit chain'),
  'audit.explain': auditTrail('explain audit records'),
};

/** "plugin_manager or admin": the roles that grant a rule, as reasons and the console name them. */
export const rolesGranting = (rule: AdminRule): string => [...rule.roles].reverse().join(' or ');
