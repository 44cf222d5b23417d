import { createTenant, listTenants, readTenant } from '../../application/tenants/tenants';
import type { DedicatedKeys } from '../../core/ports';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { pageAsk } from '../shared/page-ask';

export { DedicatedKeyMissingError } from '../../application/tenants/dedicated-key-missing';

/**
 * The ports the tenants routes use. Of the envelope only which tenants have a dedicated key, so
 * the tenants function can be given that without the Encryption SDK.
 */
export type TenantsPlane = Pick<
  ControlPlane,
  'tenants' | 'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings' | 'now'
> & { readonly envelope: DedicatedKeys };

/** The tenant registry over HTTP (application/tenants): the platform administrator creates and reads tenants. */
export function tenantsApi(plane: TenantsPlane) {
  const ask = async (request: HttpRequest) => ({
    principal: await authenticated(plane, request),
    traceId: request.traceId,
  });

  return httpApi({
    area: 'tenants',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'tenant.create': async (request) => {
        const tenant = await createTenant(plane, { ...(await ask(request)), body: request.body });
        return { status: 201, body: tenant, headers: { Location: `/v1/tenants/${tenant.id}` } };
      },

      'tenant.list': async (request) => ({
        status: 200,
        body: await listTenants(plane, { ...(await ask(request)), page: pageAsk(request.query) }),
      }),

      'tenant.read': async (request) => ({
        status: 200,
        body: await readTenant(plane, { ...(await ask(request)), tenantId: request.params.tenantId ?? '' }),
      }),
    },
  });
}
