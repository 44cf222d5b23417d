import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeBus } from '../../adapters/aws/event-bus';
import { OperatorSigner } from '../../adapters/identity/operator-signing';
import { catalogApi } from '../../functions/catalog/api';
import { installationsApi } from '../../functions/installations/api';
import { canonicalLane } from '../../functions/lanes/canonical/api';
import { operatorLane } from '../../functions/lanes/operator/api';
import { endpointCache } from '../../functions/lanes/operator/endpoints';
import { proxyLane } from '../../functions/lanes/proxy/api';
import { lifecycleApi } from '../../functions/lifecycle/api';
import { rolloutsApi } from '../../functions/rollouts/api';
import { ROUTES } from '../../functions/routes';
import { tenantsApi } from '../../functions/tenants/api';
import { call } from '../support/api';
import { type TestPlatform, testPlatform } from '../support/control-plane';
import { outsideFunctions } from '../support/iam/caller';
import { ehrSyncManifest, notifierManifest, storageManifest } from '../support/manifests';
import { type SeededTenant, seedTenant } from '../support/seed';

/** Hostile bodies: any JSON, and JSON shaped like the real thing with any values inside. */
const bodies = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'id',
      'name',
      'pluginId',
      'consent',
      'values',
      'version',
      'events',
      'type',
      'data',
      'method',
      'url',
      'headers',
      'busArn',
      'types',
      '__proto__',
      'constructor',
    ),
    fc.jsonValue(),
  ),
);

describe('every JSON body route, fuzzed', () => {
  let platform: TestPlatform;
  let tenant: SeededTenant;
  let handlers: Record<string, ReturnType<typeof tenantsApi>>;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    // Plugins are played by one loopback server that answers every operation.
    const plugins = createServer((_, response) => response.end('{"ok":true}'));
    await new Promise<void>((resolve) => plugins.listen(0, '127.0.0.1', resolve));
    plugins.unref();
    platform = await testPlatform(
      {},
      { endpointPattern: `http://127.0.0.1:${(plugins.address() as AddressInfo).port}/i/{installationId}` },
    );
    tenant = await seedTenant(platform, 'clinic-z', [
      notifierManifest(),
      storageManifest(),
      ehrSyncManifest(),
    ]);
    const signer = await OperatorSigner.generate();
    handlers = {
      tenants: tenantsApi(platform.plane),
      catalog: catalogApi(platform.plane),
      rollouts: rolloutsApi(platform.plane),
      installations: installationsApi(platform.plane),
      lifecycle: lifecycleApi(platform.plane),
      canonical: canonicalLane(platform.lanePlane, {
        identity: platform.credentials,
        bus: eventBridgeBus(),
        busName: platform.names.bus,
      }),
      operator: operatorLane(platform.lanePlane, {
        identity: platform.credentials,
        signer,
        endpoints: endpointCache(outsideFunctions(platform.plane.runtime)),
      }),
      proxy: proxyLane(platform.lanePlane, {
        identity: platform.credentials,
        resolve: async () => ['192.0.2.1'],
      }),
    };
    // The most privileged caller each route has, so bodies get past authorization to the parsers.
    const user = (roles: any[]) => platform.issuer.issue({ subject: 'fuzz', tenantId: 'clinic-z', roles });
    tokens = {
      platform: await platform.issuer.issue({ subject: 'ops', platformAdmin: true }),
      tenant: await user(['admin', 'plugin_manager', 'config_manager', 'audit_viewer']),
      plugin: tenant.credentials['ehr-sync']!,
    };
  });

  const withBodies = ROUTES.filter((route) => route.body);

  it.each(withBodies.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s never answers 5xx, and every refusal is problem+json',
    async (_, route) => {
      const token =
        route.caller === 'plugin'
          ? tokens.plugin
          : route.area === 'tenants' || route.path === '/v1/plugins'
            ? tokens.platform
            : tokens.tenant;
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const answer = await call(handlers[route.area]!, route.method, route.path, {
            token,
            params: {
              tenantId: 'clinic-z',
              pluginId: 'notifier',
              targetPluginId: 'storage',
              operation: 'getDocument',
            },
            body,
          });
          expect(answer.status, JSON.stringify({ body, answer: answer.body })).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.headers['Content-Type']).toBe('application/problem+json');
        }),
        { numRuns: 25 },
      );
    },
    120_000,
  );
});
