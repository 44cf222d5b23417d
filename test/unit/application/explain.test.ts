import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryRegistry } from '../../../adapters/memory/registry';
import { explainRecord } from '../../../application/audit/explain';
import { guard } from '../../../application/guard';
import type { Installation } from '../../../core/installation/types';
import type { PluginManifest } from '../../../core/manifest/types';
import { manifest, plugin, TENANT, user } from '../policy/fixtures';

// Explaining a lane decision whose facts changed since: the record's own question asked again,
// then with today's facts (the operator target now stopped, the caller at another version).

const storage = manifest({
  id: 'storage',
  exposes: { getDocument: { method: 'POST', path: '/d', data_classification: 'internal' } },
});
const caller = plugin({ id: 'caller', calls: ['storage.getDocument'] });

const installationOf = (
  m: PluginManifest,
  state: Installation['state'],
  version = m.version,
): Installation => ({
  tenantId: TENANT,
  pluginId: m.id,
  installationId: `inst-${m.id}`,
  pluginVersion: version,
  state,
  rev: 1,
  config: {},
  sealedSecrets: {},
  resources: {},
  health: { consecutiveFailures: 0, history: [] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'admin-1',
});

async function world() {
  const registry = memoryRegistry();
  const audit = memoryAuditLog();
  const deps = { ...registry, audit };
  for (const m of [caller.manifest, { ...caller.manifest, version: '2.0.0', operations: {} }, storage])
    await registry.catalog.register(m, 'operator-1', '2026-01-01T00:00:00.000Z');
  await registry.installations.create(installationOf(caller.manifest, 'Active'));
  await registry.installations.create(installationOf(storage, 'Active'));
  // The decision to explain: the caller's allowed operator call, recorded by the guard.
  await guard(deps).authorize(
    caller,
    'operator.call',
    {
      target: {
        tenantId: TENANT,
        installationId: 'inst-storage',
        pluginId: 'storage',
        state: 'Active',
        manifest: storage,
      },
      operation: 'getDocument',
    },
    { traceId: 't', target: { kind: 'operation', id: 'storage.getDocument' } },
  );
  const explain = () =>
    explainRecord(deps, { principal: user(['audit_viewer']), tenantId: TENANT, traceId: 'x', seq: '1' });
  return { registry, explain };
}

describe('explainRecord with facts that changed', () => {
  it('replays the recorded question as it was, and says what today’s facts would decide', async () => {
    // Prepare
    const { registry, explain } = await world();
    const unchanged = await explain();
    await registry.installations.save({ ...installationOf(storage, 'Disabled'), rev: 2 });
    await registry.installations.save({ ...installationOf(caller.manifest, 'Active', '2.0.0'), rev: 2 });

    // Act
    const changed = await explain();

    // Assess
    expect(unchanged.replay).toMatchObject({ same: true, decision: { effect: 'allow' } });
    expect(unchanged.today).toBeUndefined();
    expect(changed.replay).toMatchObject({ same: true });
    expect(changed.today).toMatchObject({
      same: false,
      facts: ['caller is now at 2.0.0 (was 1.0.0)', 'target storage is now Disabled at 1.0.0'],
      decision: { effect: 'deny', rule: 'operator.call.undeclared_call' },
    });
  });

  it('says when a version the record names left the catalog', async () => {
    const { registry, explain } = await world();
    await registry.installations.remove((await registry.installations.get(TENANT, 'storage'))!);
    await registry.catalog.delete('storage');
    expect((await explain()).unexplained).toBe(
      'storage@1.0.0 is no longer in the catalog, so its manifest cannot be read',
    );
  });
});
