import { describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS, type AdminAction, decide, ROLES, type Role } from '../../../core/policy';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { platformAdmin, plugin, TENANT, user } from './fixtures';

/**
 * Who may take each admin action, written out here independently of the implementation: the
 * seed's table (Browse Marketplace -> admin, Install/Uninstall -> plugin_manager, Configure ->
 * config_manager, Monitor Health -> admin, View Audit Logs -> audit_viewer), with the tenant admin
 * allowed everything in its tenant and each job the reads it needs. Empty: no tenant role grants
 * it (platform administrators only).
 */
const lifecycle: readonly Role[] = ['admin', 'plugin_manager'];
const TABLE: Readonly<Record<AdminAction, readonly Role[]>> = {
  'catalog.browse': ['admin', 'plugin_manager'],
  'catalog.read': ['admin', 'plugin_manager'],
  'catalog.register': [],
  'catalog.delete': [],
  'catalog.rollout': [],
  'catalog.rollout.control': [],
  'catalog.rollout.read': [],
  'tenant.create': [],
  'tenant.read': [],
  'tenant.list': [],
  'installation.install': lifecycle,
  'installation.uninstall': lifecycle,
  'installation.enable': lifecycle,
  'installation.disable': lifecycle,
  'installation.upgrade': lifecycle,
  // Not in the seed's table: redelivering dead-lettered events is a lifecycle operation, like enable.
  'installation.redrive': lifecycle,
  'installation.configure': ['admin', 'config_manager'],
  'installation.config.read': ['admin', 'config_manager'],
  'installation.health': ['admin', 'plugin_manager'],
  'installation.metrics': ['admin', 'plugin_manager'],
  'installation.read': ['admin', 'plugin_manager', 'config_manager'],
  'installation.list': ['admin', 'plugin_manager', 'config_manager'],
  // Not in the seed's table: external subscribers export a tenant's events, which is the admin's call.
  'subscriber.list': ['admin'],
  'subscriber.create': ['admin'],
  'subscriber.delete': ['admin'],
  'audit.read': ['admin', 'audit_viewer'],
  'audit.verify': ['admin', 'audit_viewer'],
  // Not in the seed's table: explaining a record is reading the trail; simulating is what the
  // plugin manager consents to at install.
  'audit.explain': ['admin', 'audit_viewer'],
  'policy.simulate': ['admin', 'plugin_manager'],
  // A panel declaring no roles is the admin's alone; panel-policy.test.ts covers declared roles.
  'installation.panel.open': ['admin'],
};
const named = (roles: readonly Role[]) => [...roles].reverse().join(' or ');

const PLATFORM_ADMIN_MAY: readonly AdminAction[] = [
  'catalog.browse',
  'catalog.read',
  'catalog.register',
  'catalog.delete',
  'catalog.rollout',
  'catalog.rollout.control',
  'catalog.rollout.read',
  'tenant.create',
  'tenant.read',
  'tenant.list',
];

const resourceFor = (action: AdminAction, tenantId = TENANT) =>
  action.startsWith('catalog.')
    ? { pluginId: 'scheduler' }
    : { tenantId, pluginId: 'scheduler', panelId: 'overview', panelRoles: [] };

const decideFor = (principal: Parameters<typeof decide>[0], action: AdminAction, tenantId = TENANT) =>
  decide(principal, action, resourceFor(action, tenantId) as never);

describe('role table, both ways: each role x each admin action', () => {
  it('lists every admin action', () => {
    expect([...ADMIN_ACTIONS].sort()).toEqual(Object.keys(TABLE).sort());
  });

  const cases = ROLES.flatMap((role) => ADMIN_ACTIONS.map((action) => [role, action] as const));

  it.each(cases)('role %s on %s: allowed exactly where the table says', (role, action) => {
    const decision = decideFor(user([role]), action);
    const granting = TABLE[action];

    if (granting.includes(role)) {
      expect(decision).toMatchObject({ effect: 'allow', rule: 'role' });
      expect(decision.reasons.join(' ')).toContain(`role ${role} permits`);
    } else if (granting.length === 0) {
      expect(decision).toMatchObject({ effect: 'deny', rule: 'platform_admin_required' });
      expect(decision.reasons.join(' ')).toContain('only a platform administrator may');
    } else {
      expect(decision).toMatchObject({ effect: 'deny', rule: 'role_required' });
      expect(decision.reasons).toEqual([
        expect.stringMatching(`^role ${named(granting)} is required to .+; caller has ${role}$`),
      ]);
    }
    expect(decision.obligations).toEqual({ auditLevel: 'standard' });
  });

  it.each(ADMIN_ACTIONS)('a user with no role is denied %s', (action) => {
    const decision = decideFor(user([]), action);

    expect(decision.effect).toBe('deny');
    if (TABLE[action].length > 0) expect(decision.reasons[0]).toContain('caller has no role');
  });

  it.each(ADMIN_ACTIONS)('a user with every role gets %s only if some tenant role grants it', (action) => {
    expect(decideFor(user(ROLES), action).effect).toBe(TABLE[action].length > 0 ? 'allow' : 'deny');
  });

  it('explains a missing role naming every role that would grant it', () => {
    expect(decideFor(user(['audit_viewer']), 'installation.install').reasons).toEqual([
      'role plugin_manager or admin is required to install plugins; caller has audit_viewer',
    ]);
    expect(decideFor(user(['plugin_manager', 'audit_viewer']), 'installation.configure').reasons).toEqual([
      'role config_manager or admin is required to change plugin settings; caller has plugin_manager, audit_viewer',
    ]);
  });

  it('lets the tenant admin do everything in its tenant, and nothing in another', () => {
    for (const action of ADMIN_ACTIONS.filter((a) => TABLE[a].length > 0)) {
      expect(decideFor(user(['admin']), action).effect, action).toBe('allow');
      if (!action.startsWith('catalog.'))
        expect(decideFor(user(['admin']), action, 'another-clinic').effect, action).toBe('deny');
    }
  });

  it('keeps an audit viewer to the audit trail', () => {
    const allowed = ADMIN_ACTIONS.filter((a) => decideFor(user(['audit_viewer']), a).effect === 'allow');
    expect(allowed).toEqual(['audit.read', 'audit.verify', 'audit.explain']);
  });
});

describe('platform administrator: catalog and tenants, not tenant data', () => {
  it.each(ADMIN_ACTIONS)('%s on a tenant', (action) => {
    const decision = decideFor(platformAdmin, action);

    if (PLATFORM_ADMIN_MAY.includes(action)) {
      expect(decision).toMatchObject({ effect: 'allow', rule: 'platform_admin' });
    } else {
      expect(decision).toMatchObject({ effect: 'deny', rule: 'tenant_boundary' });
      expect(decision.reasons[0]).toContain('no access inside tenants');
      expect(decision.reasons[0]).toContain(`needs role ${named(TABLE[action])}`);
    }
  });

  it.each(['audit.read', 'audit.verify'] as const)('may %s the platform audit chain', (action) => {
    expect(decideFor(platformAdmin, action, PLATFORM_TENANT_ID)).toMatchObject({
      effect: 'allow',
      rule: 'platform_admin',
      reasons: [expect.stringContaining('of the platform')],
    });
  });

  it('may not manage installations even with the platform chain id', () => {
    expect(decideFor(platformAdmin, 'installation.install', PLATFORM_TENANT_ID).effect).toBe('deny');
  });
});

describe('plugins and admin actions', () => {
  it.each(ADMIN_ACTIONS)('a plugin may not %s', (action) => {
    const decision = decideFor(plugin(), action);

    expect(decision).toMatchObject({ effect: 'deny', rule: 'principal_kind' });
    expect(decision.reasons[0]).toContain('only through the canonical, operator and proxy lanes');
  });
});
