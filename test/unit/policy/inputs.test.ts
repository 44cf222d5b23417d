import { describe, expect, it } from 'vitest';
import type { PluginManifest } from '../../../core/manifest/types';
import { decide, type OperatorCallResource } from '../../../core/policy';
import { compareWithRecord } from '../../../core/policy/explanation';
import { decisionInputs, manifestsNeeded, rebuildInputs } from '../../../core/policy/inputs';
import { manifest, platformAdmin, plugin, TENANT, user } from './fixtures';

const storage = manifest({
  id: 'storage',
  exposes: { getDocument: { method: 'POST', path: '/d', data_classification: 'internal' } },
});
const caller = plugin({ id: 'caller', calls: ['storage.getDocument'] });
const call: OperatorCallResource = {
  target: {
    tenantId: TENANT,
    installationId: 'inst-storage',
    pluginId: 'storage',
    state: 'Active',
    manifest: storage,
  },
  operation: 'getDocument',
};
const catalog =
  (...manifests: PluginManifest[]) =>
  (id: string, version: string) =>
    manifests.find((m) => m.id === id && m.version === version);

describe('decisionInputs and rebuildInputs: the question decide was asked, kept and asked again', () => {
  it('keeps an operator call by the manifests’ versions, and rebuilds the same decision', () => {
    // Act
    const inputs = decisionInputs(caller, 'operator.call', call);
    const rebuilt = rebuildInputs(inputs, catalog(caller.manifest, storage));

    // Assess
    expect(inputs).toEqual({
      principal: { kind: 'plugin', installationId: 'inst-caller', pluginId: 'caller', version: '1.0.0' },
      tenantId: TENANT,
      resource: {
        target: {
          tenantId: TENANT,
          installationId: 'inst-storage',
          pluginId: 'storage',
          state: 'Active',
          version: '1.0.0',
        },
        operation: 'getDocument',
      },
    });
    expect(JSON.stringify(inputs)).not.toContain('runtime');
    expect(manifestsNeeded(inputs)).toEqual([
      ['caller', '1.0.0'],
      ['storage', '1.0.0'],
    ]);
    expect(rebuilt).toEqual({ ok: true, principal: caller, resource: call });
  });

  it('keeps egress by host and allowlist match, users by roles, admins by subject', () => {
    const egress = { host: 'api.example.com', allowlist: { matched: false as const } };
    expect(decisionInputs(caller, 'proxy.egress', egress).resource).toEqual(egress);
    const reader = user(['audit_viewer']);
    const read = decisionInputs(reader, 'audit.read', { tenantId: TENANT, extra: 3 } as never);
    expect(read).toEqual({
      principal: { kind: 'user', subject: 'user-1', roles: ['audit_viewer'] },
      tenantId: TENANT,
      resource: { tenantId: TENANT },
    });
    expect(manifestsNeeded(read)).toEqual([]);
    expect(rebuildInputs(read, catalog())).toEqual({
      ok: true,
      principal: reader,
      resource: { tenantId: TENANT },
    });
    const admin = decisionInputs(platformAdmin, 'tenant.list', {} as never);
    expect(admin).toEqual({ principal: platformAdmin, resource: {} });
    expect(rebuildInputs(admin, catalog())).toEqual({ ok: true, principal: platformAdmin, resource: {} });
    // Without a tenant on record, a rebuilt tenant principal has none, and decide denies it.
    const { tenantId: _, ...tenantless } = read;
    expect(rebuildInputs(tenantless, catalog())).toMatchObject({ ok: true, principal: { tenantId: '' } });
    const publish = decisionInputs(caller, 'canonical.publish', {
      tenantId: TENANT,
      eventType: 'UserCreated.v1',
      classification: 'phi',
    });
    const { tenantId: __, ...pluginTenantless } = publish;
    expect(rebuildInputs(pluginTenantless, catalog(caller.manifest))).toMatchObject({
      ok: true,
      principal: { tenantId: '' },
    });
  });

  it('never throws: a malformed resource is kept by its plain fields, or as nothing', () => {
    expect(decisionInputs(caller, 'operator.call', { operation: 'x' } as never).resource).toEqual({
      operation: 'x',
    });
    expect(decisionInputs(caller, 'audit.read', null as never).resource).toEqual({});
  });

  it('says which manifest the catalog no longer has', () => {
    const inputs = decisionInputs(caller, 'operator.call', call);
    expect(rebuildInputs(inputs, catalog())).toEqual({
      ok: false,
      reason: 'caller@1.0.0 is no longer in the catalog, so its manifest cannot be read',
    });
    expect(rebuildInputs(inputs, catalog(caller.manifest))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('storage@1.0.0'),
    });
  });
});

describe('compareWithRecord', () => {
  const allowed = decide(caller, 'operator.call', call);

  it('is the same when effect and rule agree, whatever the reasons say', () => {
    expect(
      compareWithRecord({ decision: 'allow', rule: 'operator.call', reasons: allowed.reasons }, allowed),
    ).toEqual({
      decision: allowed,
      same: true,
      differences: [],
    });
    const reworded = compareWithRecord({ decision: 'allow', reasons: ['older words'] }, allowed);
    expect(reworded.same).toBe(true);
    expect(reworded.differences).toEqual([`reasons now: ${allowed.reasons.join('; ')}`]);
  });

  it('names a changed effect and rule', () => {
    const replay = compareWithRecord(
      { decision: 'deny', rule: 'operator.call.undeclared_call', reasons: allowed.reasons },
      allowed,
    );
    expect(replay.same).toBe(false);
    expect(replay.differences).toEqual([
      'recorded deny, now allow',
      'recorded rule operator.call.undeclared_call, now operator.call',
    ]);
  });
});
