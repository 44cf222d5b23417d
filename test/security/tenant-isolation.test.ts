import { beforeAll, describe, expect, it } from 'vitest';
import { auditApi } from '../../functions/audit/api';
import { installationsApi } from '../../functions/installations/api';
import { lifecycleApi } from '../../functions/lifecycle/api';
import { ROUTES } from '../../functions/routes';
import { call } from '../support/api';
import { type TestPlatform, testPlatform } from '../support/control-plane';
import { notifierManifest } from '../support/manifests';
import { seedTenant } from '../support/seed';

describe('tenant isolation on every tenant-scoped route', () => {
  let platform: TestPlatform;
  let intruder: string;
  let handlers: Record<string, ReturnType<typeof auditApi>>;

  beforeAll(async () => {
    platform = await testPlatform();
    await seedTenant(platform, 'clinic-a', [notifierManifest()]);
    await seedTenant(platform, 'clinic-b', [notifierManifest()]);
    // Every role, in the wrong tenant.
    intruder = await platform.issuer.issue({
      subject: 'mallory',
      tenantId: 'clinic-b',
      roles: ['admin', 'plugin_manager', 'config_manager', 'audit_viewer'],
    });
    handlers = {
      installations: installationsApi(platform.plane),
      lifecycle: lifecycleApi(platform.plane),
      audit: auditApi(platform.plane),
    };
  });

  const scoped = ROUTES.filter(
    (route) => route.caller === 'user' && route.path.startsWith('/v1/tenants/{tenantId}/'),
  );

  it.each(scoped.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: denied, audited in the caller’s chain, nothing changed',
    async (_, route) => {
      const before = await platform.plane.installations.get('clinic-a', 'notifier');
      const chainA = (await platform.plane.audit.query('clinic-a', {}, 100)).items.length;

      const answer = await call(handlers[route.area]!, route.method, route.path, {
        token: intruder,
        params: { tenantId: 'clinic-a', pluginId: 'notifier', subscriberId: 'any' },
        ...(route.body
          ? {
              body: {
                pluginId: 'notifier',
                consent: true,
                values: { sender: 'x@y.example' },
                version: '1.0.0',
                busArn: 'arn:aws:events:us-east-1:000000000000:event-bus/x',
                types: ['UserCreated.v1'],
              },
            }
          : {}),
      });

      expect(answer.status).toBe(403);
      expect(answer.body.detail).not.toContain('notifier is');
      expect(await platform.plane.installations.get('clinic-a', 'notifier')).toEqual(before);
      expect((await platform.plane.audit.query('clinic-a', {}, 100)).items.length).toBe(chainA);
      const own = (await platform.plane.audit.query('clinic-b', { actor: 'mallory' }, 100)).items.at(-1)!;
      expect(own).toMatchObject({ decision: 'deny', action: route.action });
    },
  );
});
