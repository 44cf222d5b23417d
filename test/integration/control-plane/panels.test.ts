import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperatorSigner, verifyOperatorCall } from '../../../adapters/identity/operator-signing';
import { memoryPanelSessions } from '../../../adapters/memory/panel-sessions';
import { PANEL_CALLER } from '../../../application/panels/view-panel';
import type { PluginManifest } from '../../../core/manifest/types';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy/tenant';
import { documentsPanel } from '../../../examples/storage/src/panel';
import { installationsApi } from '../../../functions/installations/api';
import { operatorLane } from '../../../functions/lanes/operator/api';
import { endpointCache } from '../../../functions/lanes/operator/endpoints';
import { call } from '../../support/api';
import { type TestPlatform, testPlatform } from '../../support/control-plane';
import { outsideFunctions } from '../../support/iam/caller';
import { storageManifest } from '../../support/manifests';
import { type SeededTenant, seedTenant } from '../../support/seed';

const TENANT = 'clinic-panels';
const READ = '/v1/tenants/{tenantId}/installations/{pluginId}';
const SESSION = '/v1/tenants/{tenantId}/installations/{pluginId}/panels/{panelId}/session';
const PANEL = '/v1/tenants/{tenantId}/installations/{pluginId}/panels/{panelId}';
const params = { tenantId: TENANT, pluginId: 'storage', panelId: 'documents' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

// The storage example's own panel declaration, on the test storage manifest.
const withPanel = (): PluginManifest => {
  const base = storageManifest();
  return {
    ...base,
    operations: {
      exposes: {
        ...base.operations!.exposes,
        documentsPanel: { method: 'GET', path: '/panels/documents', data_classification: 'internal' },
      },
    },
    ui: {
      panels: [
        { id: 'documents', title: 'Documents', operation: 'documentsPanel', roles: ['config_manager'] },
      ],
    },
  };
};

describe('console panels over the API', () => {
  let platform: TestPlatform;
  let plugin: Server;
  let signer: OperatorSigner;
  let tenant: SeededTenant;
  let reads: ReturnType<typeof installationsApi>;
  let lane: ReturnType<typeof operatorLane>;
  let manager: string;
  let viewer: string;
  const verified: unknown[] = [];

  beforeAll(async () => {
    signer = await OperatorSigner.generate();
    // The storage plugin, played by a loopback server that checks the platform's signature and
    // answers with the example's real panel (a stored id carries markup, which must arrive escaped).
    plugin = createServer(async (request, response) => {
      const installationId = request.url!.split('/')[2]!;
      verified.push(
        await verifyOperatorCall(
          request.headers['x-vivified-signature'] as string,
          '',
          installationId,
          signer.jwks,
        ).catch((error: Error) => error.message),
      );
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify(
          documentsPanel([
            {
              documentId: '<script>alert(1)</script>',
              version: 1,
              contentType: 'text/plain',
              storedAt: '2026-12-04T00:00:00Z',
              storedBy: 'inst-1',
            },
          ]),
        ),
      );
    });
    await new Promise<void>((resolve) => plugin.listen(0, '127.0.0.1', resolve));
    const { port } = plugin.address() as AddressInfo;
    platform = await testPlatform({}, { endpointPattern: `http://127.0.0.1:${port}/i/{installationId}` });
    tenant = await seedTenant(platform, TENANT, [withPanel()]);
    manager = await platform.issuer.issue({ subject: 'cora', tenantId: TENANT, roles: ['config_manager'] });
    // May read the installation, but the panel is not shown to its role.
    viewer = await platform.issuer.issue({ subject: 'pia', tenantId: TENANT, roles: ['plugin_manager'] });
    reads = installationsApi(platform.plane);
    lane = operatorLane(platform.lanePlane, {
      identity: platform.credentials,
      signer,
      endpoints: endpointCache(outsideFunctions(platform.plane.runtime)),
    });
  });

  afterAll(() => new Promise((resolve) => plugin.close(resolve)));

  const open = async (token: string) => call(reads, 'POST', SESSION, { token, params });
  const view = (session: string | undefined, at = params) =>
    call(lane, 'POST', PANEL, {
      params: at,
      headers: FORM,
      rawBody: session === undefined ? '' : new URLSearchParams({ session }).toString(),
    });
  const trail = async (action: string) => (await platform.plane.audit.query(TENANT, { action }, 100)).items;

  it('lists the panel to a role it is shown to, opens a session and serves the plugin’s page under the panel headers', async () => {
    // Act
    const listed = await call(reads, 'GET', READ, { token: manager, params });
    const opened = await open(manager);
    const page = await view(opened.body.session);

    // Assess
    expect(listed.body.panels).toEqual([{ id: 'documents', title: 'Documents' }]);
    expect(opened.status).toBe(201);
    expect(Date.parse(opened.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(page.status).toBe(200);
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>Documents</h1>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.headers['Content-Security-Policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors http://127.0.0.1:5173",
    );
    expect(page.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(page.headers['X-Frame-Options']).toBeUndefined();
    expect(Object.keys(page.headers).map((name) => name.toLowerCase())).not.toContain('set-cookie');
    // The plugin was called through the operator path: signed for its installation, by the console.
    expect(verified.at(-1)).toMatchObject({
      tenantId: TENANT,
      callerPluginId: PANEL_CALLER,
      operation: 'documentsPanel',
    });
    expect((await trail('installation.panel.open')).at(-1)).toMatchObject({
      decision: 'allow',
      actor: { kind: 'user', id: 'cora' },
      details: { panel: 'documents' },
    });
    expect((await trail('panel.view')).at(-1)).toMatchObject({
      decision: 'allow',
      actor: { kind: 'user', id: 'cora' },
      target: { kind: 'installation', id: `${TENANT}/storage` },
    });
  });

  it('neither lists nor opens the panel for a role it is not shown to, and audits the refusal', async () => {
    const listed = await call(reads, 'GET', READ, { token: viewer, params });
    const opened = await open(viewer);

    expect(listed.body.panels).toEqual([]);
    expect(opened.status).toBe(403);
    expect(opened.headers['Content-Type']).toBe('application/problem+json');
    expect((await trail('installation.panel.open')).at(-1)).toMatchObject({
      decision: 'deny',
      actor: { kind: 'user', id: 'pia' },
      details: { panel: 'documents' },
    });
  });

  it('refuses a missing, forged, expired or foreign-audience session with a 401 problem, calling no plugin, audited', async () => {
    // Prepare
    const grant = {
      tenantId: TENANT,
      pluginId: 'storage',
      installationId: tenant.installations.storage!.installationId,
      panelId: 'documents',
      subject: 'cora',
    };
    const forged = (await memoryPanelSessions().open(grant)).token;
    const expired = (await platform.plane.panelSessions.open(grant, Date.now() - 10 * 60_000)).token;
    const calls = verified.length;
    const before = (await trail('panel.view')).length;

    // Act
    const answers = {
      missing: await view(undefined),
      forged: await view(forged),
      expired: await view(expired),
      userToken: await view(manager),
      json: await call(lane, 'POST', PANEL, { params, body: { session: expired } }),
    };

    // Assess
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.status, name).toBe(401);
      expect(answer.headers['Content-Type'], name).toBe('application/problem+json');
    }
    expect(answers.expired.body.detail).toMatch(/expired/);
    expect(answers.forged.body.detail).toMatch(/signature is invalid/);
    expect(verified.length).toBe(calls);
    // No verified tenant: refused sessions are recorded in the platform's chain, as any failed authentication.
    const refusals = (await platform.plane.audit.query(PLATFORM_TENANT_ID, { action: 'panel.view' }, 100))
      .items;
    expect(
      refusals.filter((record) => record.traceId && record.decision === 'deny').length,
    ).toBeGreaterThanOrEqual(5);
    expect((await trail('panel.view')).length).toBe(before);
  });

  it('refuses a valid session on any other panel, installation or tenant than the one it was opened for', async () => {
    const { session } = (await open(manager)).body;
    const calls = verified.length;

    const elsewhere = [
      await view(session, { ...params, panelId: 'other' }),
      await view(session, { ...params, pluginId: 'ehr-sync' }),
      await view(session, { ...params, tenantId: 'clinic-other' }),
    ];

    for (const answer of elsewhere) {
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toMatch(/another panel/);
    }
    expect(verified.length).toBe(calls);
  });
});
