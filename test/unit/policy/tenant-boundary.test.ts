import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, decide, INSTALLATION_ACTIONS, ROLES } from '../../../core/policy';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { OTHER_TENANT, TENANT, user } from './fixtures';

const TENANT_SCOPED = [...INSTALLATION_ACTIONS, ...AUDIT_ACTIONS];

describe('tenant boundary for users', () => {
  it.each(TENANT_SCOPED)('denies %s in another tenant whatever the roles', (action) => {
    const decision = decide(user(ROLES), action, { tenantId: OTHER_TENANT, installationId: 'inst-9' });

    expect(decision).toMatchObject({ effect: 'deny', rule: 'tenant_boundary' });
    expect(decision.reasons).toEqual([
      `the tenant boundary applies: users of tenant ${TENANT} may act only within tenant ${TENANT}`,
    ]);
  });

  it('checks the boundary before the role', () => {
    const decision = decide(user(['audit_viewer']), 'installation.install', { tenantId: OTHER_TENANT });

    expect(decision.rule).toBe('tenant_boundary');
  });

  it('answers the same whether or not the other tenant or resource exists', () => {
    const existing = decide(user(ROLES), 'installation.read', {
      tenantId: OTHER_TENANT,
      pluginId: 'ehr-sync',
    });
    const missing = decide(user(ROLES), 'installation.read', {
      tenantId: 'no-such-tenant',
      pluginId: 'nothing',
    });

    expect(missing).toEqual(existing);
    expect(JSON.stringify(existing)).not.toContain(OTHER_TENANT);
    expect(JSON.stringify(existing)).not.toContain('ehr-sync');
  });

  it.each([
    ['a missing tenant', {}],
    ['an empty tenant', { tenantId: '' }],
    ['a tenant of another type', { tenantId: 42 }],
  ])('denies a resource with %s', (_, resource) => {
    expect(decide(user(ROLES), 'installation.list', resource as never).rule).toBe('tenant_boundary');
  });

  it('does not let an empty tenant on both sides count as the same tenant', () => {
    expect(decide(user(ROLES, ''), 'installation.list', { tenantId: '' }).rule).toBe('tenant_boundary');
  });

  it('never scopes a user to the platform audit chain, even if the token claims it', () => {
    const forged = user(ROLES, PLATFORM_TENANT_ID);

    expect(decide(forged, 'audit.read', { tenantId: PLATFORM_TENANT_ID }).rule).toBe('tenant_boundary');
  });

  it('keeps users off the platform audit chain', () => {
    expect(decide(user(ROLES), 'audit.verify', { tenantId: PLATFORM_TENANT_ID }).rule).toBe(
      'tenant_boundary',
    );
  });

  it('lets users of the tenant act within it', () => {
    expect(decide(user(['admin']), 'installation.list', { tenantId: TENANT }).effect).toBe('allow');
  });
});
