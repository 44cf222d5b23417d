import { describe, expect, it } from 'vitest';
import { decide } from '../../../core/policy';
import { platformAdmin, TENANT, user } from './fixtures';

const panel = (panelRoles: readonly string[], tenantId = TENANT) => ({
  tenantId,
  pluginId: 'storage',
  panelId: 'documents',
  panelRoles,
});

describe('installation.panel.open: the roles a panel declares', () => {
  it('allows a declared role, naming the panel', () => {
    const decision = decide(user(['config_manager']), 'installation.panel.open', panel(['config_manager']));
    expect(decision).toMatchObject({ effect: 'allow', rule: 'role' });
    expect(decision.reasons).toEqual(['role config_manager permits open the console panel documents']);
  });

  it('denies a role the panel does not declare, saying who may', () => {
    const decision = decide(user(['audit_viewer']), 'installation.panel.open', panel(['config_manager']));
    expect(decision).toMatchObject({ effect: 'deny', rule: 'role_required' });
    expect(decision.reasons[0]).toContain(
      'role config_manager or admin is required to open the console panel documents',
    );
  });

  it('always allows the tenant admin, and ignores an admin or unknown role in the list', () => {
    expect(decide(user(['admin']), 'installation.panel.open', panel(['admin', 'root']))).toMatchObject({
      effect: 'allow',
    });
    const decision = decide(user(['plugin_manager']), 'installation.panel.open', panel(['admin', 'root']));
    expect(decision.reasons[0]).toContain('role admin is required');
  });

  it('keeps the tenant boundary and platform administrators out', () => {
    expect(decide(user(['admin']), 'installation.panel.open', panel([], 'other-tenant'))).toMatchObject({
      effect: 'deny',
      rule: 'tenant_boundary',
    });
    expect(decide(platformAdmin, 'installation.panel.open', panel([]))).toMatchObject({
      effect: 'deny',
      rule: 'tenant_boundary',
    });
  });

  it('reads a panel resource without its roles as the admin’s alone, the tenant boundary first', () => {
    const bare = { tenantId: TENANT, panelId: 'documents' } as never;
    expect(decide(user(['admin']), 'installation.panel.open', bare)).toMatchObject({ effect: 'allow' });
    expect(decide(user(['config_manager']), 'installation.panel.open', bare)).toMatchObject({
      effect: 'deny',
      rule: 'role_required',
    });
    expect(
      decide(user(['admin']), 'installation.panel.open', { tenantId: 'other-tenant' } as never),
    ).toMatchObject({ effect: 'deny', rule: 'tenant_boundary' });
  });
});
