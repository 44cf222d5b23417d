import { describe, expect, it } from 'vitest';
import { devUserDirectory } from '../../../adapters/identity/dev-directory';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { readAuditTrail, verifyAuditTrail } from '../../../application/audit/audit-trail';
import { ValidationError } from '../../../core/errors';
import type { Installation } from '../../../core/installation/types';
import { TENANT, user } from '../policy/fixtures';

const page = { raw: {}, parse: () => ({ limit: 25, cursor: undefined }) };

describe('the audit trail actions', () => {
  it('verify since the last checkpoint unless asked for the full chain, and refuse any other answer to full', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const ask = { principal: user(['audit_viewer']), tenantId: TENANT, traceId: 't' };

    // Act
    const since = await verifyAuditTrail({ audit }, ask);
    const full = await verifyAuditTrail({ audit }, { ...ask, full: 'true' });
    const refused = verifyAuditTrail({ audit }, { ...ask, full: 'yes' });

    // Assess
    expect(since).toMatchObject({ ok: true, mode: 'since_checkpoint' });
    expect(full).toMatchObject({ ok: true, mode: 'full' });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
  });

  it('filter by decision, and refuse a decision that is neither allow nor deny, naming /decision', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const ask = { principal: user(['audit_viewer']), tenantId: TENANT, traceId: 't', page };

    // Act
    const denied = await readAuditTrail({ audit }, { ...ask, filter: { decision: 'deny' } });
    const refused = await readAuditTrail(
      { audit },
      { ...ask, filter: { decision: 'maybe' as 'deny' } },
    ).catch((error: unknown) => error);

    // Assess: reading the trail is itself audited (an allow), so the deny filter finds nothing.
    expect(denied.items).toEqual([]);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { pointer: '/decision', message: 'must be allow or deny' },
    ]);
  });

  it('answer newest first by default, and report every bad parameter of a query at once', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const ask = { principal: user(['audit_viewer']), tenantId: TENANT, traceId: 't', page };
    await audit.append({
      tenantId: TENANT,
      actor: { kind: 'user', id: 'u-1' },
      action: 'installation.enable',
      target: { kind: 'installation', id: 'i' },
      decision: 'allow',
      reasons: [],
      traceId: 'x',
    });
    const badPage = {
      raw: {},
      parse: () => {
        throw new ValidationError('The limit is out of range.', [
          { pointer: '/limit', message: 'must be an integer from 1 to 100' },
        ]);
      },
    };

    // Act
    const newest = await readAuditTrail({ audit }, { ...ask, filter: {} });
    const oldest = await readAuditTrail({ audit }, { ...ask, filter: { order: 'oldest' } });
    const refused = await readAuditTrail(
      { audit },
      {
        ...ask,
        page: badPage,
        filter: { from: 'yesterday', to: 'soon', decision: 'maybe', order: 'sideways' },
      },
    ).catch((error: unknown) => error);
    const backwards = await readAuditTrail(
      { audit },
      { ...ask, filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } },
    ).catch((error: unknown) => error);

    // Assess: the read of the trail is itself the newest record.
    expect(newest.items.map((r) => r.action)).toEqual(['audit.read', 'installation.enable']);
    expect(oldest.items.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((refused as ValidationError).errors.map((e) => e.pointer)).toEqual([
      '/from',
      '/to',
      '/decision',
      '/order',
      '/limit',
    ]);
    expect((backwards as ValidationError).errors).toEqual([
      { pointer: '/to', message: 'must not be before from' },
    ]);
  });

  it('name the actors of a page the platform knows, beside records left as stored', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const ask = { principal: user(['audit_viewer'], TENANT), tenantId: TENANT, traceId: 't', page };
    const entry = (actor: { kind: 'user' | 'plugin' | 'system'; id: string }) =>
      audit.append({
        tenantId: TENANT,
        actor,
        action: 'canonical.publish',
        target: { kind: 'event', id: 'e' },
        decision: 'allow',
        reasons: [],
        traceId: 'x',
      });
    await entry({ kind: 'plugin', id: 'inst-2' });
    await entry({ kind: 'plugin', id: 'inst-gone' });
    await entry({ kind: 'user', id: 'stranger' });
    await entry({ kind: 'system', id: 'health-check' });
    const installed = (installationId: string, pluginId: string) =>
      ({ installationId, pluginId, pluginVersion: '1.2.0' }) as Installation;
    // Two pages of installations: the plugin actor is on the second.
    const installations = {
      list: async (_tenant: string, _limit: number, cursor?: string) =>
        cursor === undefined
          ? { items: [installed('inst-1', 'storage')], cursor: 'next' }
          : { items: [installed('inst-2', 'notifier')] },
    };
    const catalog = {
      get: async (pluginId: string) =>
        pluginId === 'notifier' ? ({ name: 'Welcome letters' } as never) : undefined,
    };
    const users = devUserDirectory([{ subject: ask.principal.subject, name: 'Avi (audit viewer)' }]);

    // Act
    const named = await readAuditTrail({ audit, installations, catalog, users }, { ...ask, filter: {} });
    const bare = await readAuditTrail({ audit }, { ...ask, filter: {} });

    // Assess
    expect(named.actors).toEqual([
      { id: 'inst-2', kind: 'plugin', name: 'Welcome letters', pluginId: 'notifier', version: '1.2.0' },
      { id: ask.principal.subject, kind: 'user', name: 'Avi (audit viewer)' },
    ]);
    expect(named.items.find((r) => r.actor.id === 'inst-2')?.actor).toEqual({ kind: 'plugin', id: 'inst-2' });
    expect(bare.actors).toEqual([]);
  });
});
