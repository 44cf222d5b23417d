import { PLATFORM_TENANT_ID } from '../tenancy';
import type { AdminAction } from './actions';
import { ADMIN_RULES, type AdminRule, rolesGranting } from './admin-rules';
import { allow, type Decision, deny } from './decision';
import { type Principal, ROLES, type Role, type UserPrincipal } from './principal';
import type { CatalogResource, PanelResource, TenantRecordResource, TenantResource } from './resources';
import { sameTenant, tenantBoundaryDenial } from './tenant-boundary';

type AdminResource = CatalogResource | TenantRecordResource | TenantResource | PanelResource;

const tenantOf = (resource: AdminResource): unknown => (resource as Partial<TenantResource>).tenantId;

const rolesOf = (user: UserPrincipal) => (user.roles.length > 0 ? user.roles.join(', ') : 'no role');

function decideForUser(user: UserPrincipal, rule: AdminRule, resource: AdminResource): Decision {
  if (rule.tenantScoped && !sameTenant(user.tenantId, tenantOf(resource))) {
    return tenantBoundaryDenial(user.tenantId, 'users');
  }
  if (rule.roles.length === 0) {
    return deny('platform_admin_required', [`only a platform administrator may ${rule.purpose}`]);
  }
  const granting = rule.roles.find((role) => user.roles.includes(role));
  if (granting === undefined) {
    return deny('role_required', [
      `role ${rolesGranting(rule)} is required to ${rule.purpose}; caller has ${rolesOf(user)}`,
    ]);
  }
  return allow('role', [`role ${granting} permits ${rule.purpose}`]);
}

function decideForPlatformAdmin(rule: AdminRule, resource: AdminResource): Decision {
  if (rule.platformAdmin === 'always') {
    return allow('platform_admin', [`platform administrators may ${rule.purpose}`]);
  }
  if (rule.platformAdmin === 'platform_chain' && tenantOf(resource) === PLATFORM_TENANT_ID) {
    return allow('platform_admin', [`platform administrators may ${rule.purpose} of the platform`]);
  }
  return deny('tenant_boundary', [
    `the tenant boundary applies: platform administrators manage the catalog and tenants and have no access inside tenants; to ${rule.purpose}, a user of the tenant needs role ${rolesGranting(rule)}`,
  ]);
}

const isRole = (role: unknown): role is Role => (ROLES as readonly unknown[]).includes(role);

/**
 * A panel's rule is the plugin's to widen, within the tenant roles: its manifest names who sees
 * it. Anything else in the list (a mistyped role the validator would have refused) grants nothing.
 */
function ruleFor(action: AdminAction, resource: AdminResource): AdminRule {
  const rule = ADMIN_RULES[action];
  if (action !== 'installation.panel.open') return rule;
  const panel = resource as Partial<PanelResource>;
  // Read tolerantly, so the tenant boundary is still decided first for a resource missing its roles.
  const declared: readonly unknown[] = Array.isArray(panel.panelRoles) ? panel.panelRoles : [];
  const roles = declared.filter(isRole).filter((role) => !rule.roles.includes(role));
  return {
    ...rule,
    roles: [...rule.roles, ...roles],
    purpose: `open the console panel ${String(panel.panelId)}`,
  };
}

/** Administrative actions (the console and CLI): tenant users by role, platform admins by scope. */
export function decideAdmin(principal: Principal, action: AdminAction, resource: AdminResource): Decision {
  const rule = ruleFor(action, resource);
  switch (principal.kind) {
    case 'user':
      return decideForUser(principal, rule, resource);
    case 'platform_admin':
      return decideForPlatformAdmin(rule, resource);
    case 'plugin':
      return deny('principal_kind', [
        `plugins act only through the canonical, operator and proxy lanes and may not ${rule.purpose}`,
      ]);
  }
}
