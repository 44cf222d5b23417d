import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/routes';
import { routeRequest } from '../../../functions/wire';

describe('calling a route by its action', () => {
  it('takes the method and path from the route table, its parameters filled in and escaped', () => {
    expect(
      routeRequest('installation.enable', { params: { tenantId: 'clinic-a', pluginId: 'ehr/sync ?' } }),
    ).toEqual({ method: 'POST', path: '/v1/tenants/clinic-a/installations/ehr%2Fsync%20%3F/enable' });
    expect(routeRequest('tenant.create', { body: { id: 'clinic-a', name: 'Clinic A' } })).toEqual({
      method: 'POST',
      path: '/v1/tenants',
    });
  });

  it('appends the query values that are defined, in the order given, and nothing when none are', () => {
    expect(
      routeRequest('catalog.browse', { query: { limit: '100', category: undefined, q: 'mail & sms' } }).path,
    ).toBe('/v1/plugins?limit=100&q=mail+%26+sms');
    expect(routeRequest('catalog.browse', { query: { trait: undefined } }).path).toBe('/v1/plugins');
  });

  it('refuses to call a route without one of its path parameters', () => {
    expect(() => routeRequest('installation.read', { params: { tenantId: 'clinic-a' } as never })).toThrow(
      'installation.read needs the path parameter pluginId.',
    );
  });

  it('reaches every route of the table', () => {
    for (const route of ROUTES) {
      const params = Object.fromEntries(
        [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `${name}-1`]),
      );
      const request = routeRequest(route.action as 'operator.call', { params: params as never, body: {} });
      expect(request).toEqual({
        method: route.method,
        path: route.path.replace(/\{(\w+)\}/g, (_, name: string) => `${name}-1`),
      });
    }
  });
});
