import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryPanelSessions } from '../../../adapters/memory/panel-sessions';
import { memoryRegistry } from '../../../adapters/memory/registry';
import { openPanel } from '../../../application/panels/open-panel';
import { AuthenticationError, NotFoundError, PolicyDeniedError } from '../../../core/errors';
import type { PluginManifest } from '../../../core/manifest/types';
import type { Principal, Role } from '../../../core/policy';
import type { AuditLog } from '../../../core/ports';
import { PANEL_SESSION_LIFETIME_SECONDS } from '../../../core/ports';
import { manifest, platformAdmin, TENANT, user } from '../policy/fixtures';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const storage: PluginManifest = {
  ...manifest({
    id: 'storage',
    exposes: { documentsPanel: { method: 'GET', path: '/panel', data_classification: 'internal' } },
  }),
  ui: {
    panels: [{ id: 'documents', title: 'Documents', operation: 'documentsPanel', roles: ['config_manager'] }],
  },
};

async function world() {
  const registry = memoryRegistry();
  const log = memoryAuditLog();
  type Entry = Parameters<AuditLog['append']>[0];
  const recorded: Entry[] = [];
  const audit = {
    append: (entry: Entry) => {
      recorded.push(entry);
      return log.append(entry);
    },
  };
  const panelSessions = memoryPanelSessions();
  await registry.catalog.register(storage, 'operator-1', NOW.toISOString());
  await registry.installations.create({
    tenantId: TENANT,
    pluginId: 'storage',
    installationId: 'inst-storage',
    pluginVersion: storage.version,
    state: 'Active',
    rev: 1,
    config: {},
    sealedSecrets: {},
    resources: {},
    health: { consecutiveFailures: 0, history: [] },
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    updatedBy: 'admin-1',
  });
  const deps = { ...registry, audit, panelSessions, now: () => NOW };
  const open = (principal: Principal, panelId = 'documents', tenantId = TENANT) =>
    openPanel(deps, { principal, tenantId, pluginId: 'storage', panelId, traceId: 't-1' });
  return { open, recorded, panelSessions };
}

const person = (roles: Role[], tenantId = TENANT) => ({ ...user(roles, tenantId), subject: 'u-7' });

describe('openPanel', () => {
  it('gives a role the panel names a five-minute session bound to tenant, user, installation and panel', async () => {
    const { open, recorded, panelSessions } = await world();

    const opened = await open(person(['config_manager']));

    expect(opened.expiresAt).toBe(
      new Date(NOW.getTime() + PANEL_SESSION_LIFETIME_SECONDS * 1000).toISOString(),
    );
    expect(await panelSessions.verify(opened.session, NOW.getTime())).toEqual({
      tenantId: TENANT,
      pluginId: 'storage',
      installationId: 'inst-storage',
      panelId: 'documents',
      subject: 'u-7',
    });
    expect(recorded).toMatchObject([
      { action: 'installation.panel.open', decision: 'allow', details: { panel: 'documents' } },
    ]);
  });

  it('refuses a role the panel does not name, and audits the refusal', async () => {
    const { open, recorded } = await world();

    await expect(open(person(['audit_viewer']))).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(recorded).toMatchObject([{ action: 'installation.panel.open', decision: 'deny' }]);
  });

  it('tells a non-admin nothing about a panel that does not exist, and an admin it is not found', async () => {
    const { open } = await world();

    await expect(open(person(['config_manager']), 'billing')).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(open(person(['admin']), 'billing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps other tenants and platform administrators out', async () => {
    const { open } = await world();

    await expect(open(person(['admin'], 'clinic-b'))).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(open(platformAdmin)).rejects.toBeInstanceOf(PolicyDeniedError);
  });

  it('sessions expire, and one instance never accepts another’s', async () => {
    const { open, panelSessions } = await world();
    const { session } = await open(person(['admin']));

    const later = NOW.getTime() + (PANEL_SESSION_LIFETIME_SECONDS + 10) * 1000;
    await expect(panelSessions.verify(session, later)).rejects.toThrow('the panel session has expired');
    await expect(memoryPanelSessions().verify(session, NOW.getTime())).rejects.toThrow(
      'the panel session signature is invalid',
    );
    await expect(panelSessions.verify('not-a-jwt', NOW.getTime())).rejects.toThrow('malformed');
    await expect(panelSessions.verify(undefined)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
