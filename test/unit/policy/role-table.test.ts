import { describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS, type AdminAction, decide, ROLES, type Role } from '../../../core/policy';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { platformAdmin, plugin, TENANT, user } from './fixtures';

/**
 * The seed's Admin Console table, written out here independently of the implementation:
 * Browse Marketplace -> admin; Install/Uninstall (lifecycle) -> plugin_manager; Configure ->
 * config_manager; Monitor Health -> admin; View Audit Logs -> audit_viewer. `null`: no tenant role
 * grants it (platform administrators only).
 */
const SEED_TABLE: Readonly<Record<AdminAction, Role | null>> = {
  'catalog.browse': 'admin',
  'catalog.read': 'admin',
  'catalog.register': null,
  'catalog.delete': null,
  'tenant.create': null,
  'tenant.read': null,
  'tenant.list': null,
  'installation.install': 'plugin_manager',
  'installation.uninstall': 'plugin_manager',
  'installation.enable': 'plugin_manager',
  'installation.disable': 'plugin_manager',
  'installation.upgrade': 'plugin_manager',
  // Not in the seed's table: redelivering dead-lettered events is lifecycle operation, like enable.
  'installation.redrive': 'plugin_manager',
  'installation.configure': 'config_manager',
  'installation.config.read': 'config_manager',
  'installation.health': 'admin',
  'installation.read': 'admin',
  'installation.list': 'admin',
  // Not in the seed's table: external subscribers export a tenant's events, which is the admin's call.
  'subscriber.list': 'admin',
  'subscriber.create': 'admin',
  'subscriber.delete': 'admin',
  'audit.read': 'audit_viewer',
  'audit.verify': 'audit_viewer',
};

const PLATFORM_ADMIN_MAY: readonly AdminAction[] = [
  'catalog.browse',
  'catalog.read',
  'catalog.register',
  'catalog.delete',
  'tenant.create',
  'tenant.read',
  'tenant.list',
];

const resourceFor = (action: AdminAction, tenantId = TENANT) =>
  action.startsWith('catalog.') ? { pluginId: 'scheduler' } : { tenantId, pluginId: 'scheduler' };

const decideFor = (principal: Parameters<typeof decide>[0], action: AdminAction, tenantId = TENANT) =>
  decide(principal, action, resourceFor(action, tenantId) as never);

describe('role table, both ways: each role x each admin action', () => {
  it('lists every admin action', () => {
    expect([...ADMIN_ACTIONS].sort()).toEqual(Object.keys(SEED_TABLE).sort());
  });

  const cases = ROLES.flatMap((role) => ADMIN_ACTIONS.map((action) => [role, action] as const));

  it.each(cases)('role %s on %s: allowed exactly where the seed says', (role, action) => {
    const decision = decideFor(user([role]), action);
    const required = SEED_TABLE[action];

    if (required === role) {
      expect(decision).toMatchObject({ effect: 'allow', rule: 'role' });
      expect(decision.reasons.join(' ')).toContain(`role ${role} permits`);
    } else if (required === null) {
      expect(decision).toMatchObject({ effect: 'deny', rule: 'platform_admin_required' });
      expect(decision.reasons.join(' ')).toContain('only a platform administrator may');
    } else {
      expect(decision).toMatchObject({ effect: 'deny', rule: 'role_required' });
      expect(decision.reasons).toEqual([
        expect.stringMatching(`^role ${required} is required to .+; caller has ${role}$`),
      ]);
    }
    expect(decision.obligations).toEqual({ auditLevel: 'standard' });
  });

  it.each(ADMIN_ACTIONS)('a user with no role is denied %s', (action) => {
    const decision = decideFor(user([]), action);

    expect(decision.effect).toBe('deny');
    if (SEED_TABLE[action]) expect(decision.reasons[0]).toContain('caller has no role');
  });

  it.each(ADMIN_ACTIONS)('a user with every role gets %s only if some tenant role grants it', (action) => {
    expect(decideFor(user(ROLES), action).effect).toBe(SEED_TABLE[action] ? 'allow' : 'deny');
  });

  it('explains a missing role in the seed words', () => {
    expect(decideFor(user(['audit_viewer']), 'installation.install').reasons).toEqual([
      'role plugin_manager is required to install plugins; caller has audit_viewer',
    ]);
    expect(decideFor(user(['admin', 'audit_viewer']), 'installation.configure').reasons).toEqual([
      'role config_manager is required to change plugin settings; caller has admin, audit_viewer',
    ]);
  });

  it('does not treat admin as a super-role', () => {
    for (const action of ADMIN_ACTIONS.filter((a) => SEED_TABLE[a] && SEED_TABLE[a] !== 'admin')) {
      expect(decideFor(user(['admin']), action).effect).toBe('deny');
    }
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
      expect(decision.reasons[0]).toContain(`needs role ${SEED_TABLE[action]}`);
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
