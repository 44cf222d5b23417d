import { pageSize } from '../../adapters/aws/registry/cursor';
import { NotFoundError, ValidationError } from '../../core/errors';
import { isTenantId, newTenant, type TenantInput, validateTenantInput } from '../../core/tenancy';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { guard } from '../shared/guard';
import { httpApi } from '../shared/http';

/** The tenant registry: the platform administrator creates and reads tenants. */
export function tenantsApi(plane: ControlPlane) {
  const policy = guard(plane);

  return httpApi({
    area: 'tenants',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'tenant.create': async (request) => {
        const principal = await authenticated(plane, request);
        const errors = validateTenantInput(request.body);
        const id = (request.body as { id?: unknown } | undefined)?.id;
        // Decide before validating, so a caller without the right learns nothing about the input rules.
        await policy.authorize(
          principal,
          'tenant.create',
          { tenantId: isTenantId(id) ? id : '' },
          {
            traceId: request.traceId,
            target: { kind: 'tenant', id: isTenantId(id) ? id : '(invalid id)' },
          },
        );
        if (errors.length > 0) throw new ValidationError('The tenant is invalid.', errors);
        const tenant = newTenant(request.body as TenantInput, plane.now().toISOString());
        await plane.tenants.create(tenant);
        await policy.record(principal, 'tenant.create.completed', {
          traceId: request.traceId,
          target: { kind: 'tenant', id: tenant.id },
          reasons: [`tenant ${tenant.id} created (${tenant.tier}, ${tenant.keyMode} key)`],
        });
        return { status: 201, body: tenant, headers: { Location: `/v1/tenants/${tenant.id}` } };
      },

      'tenant.list': async (request) => {
        const principal = await authenticated(plane, request);
        await policy.authorize(
          principal,
          'tenant.list',
          { tenantId: '' },
          {
            traceId: request.traceId,
            target: { kind: 'tenants', id: '*' },
          },
        );
        return {
          status: 200,
          body: await plane.tenants.list(pageSize(request.query.limit), request.query.cursor),
        };
      },

      'tenant.read': async (request) => {
        const principal = await authenticated(plane, request);
        const tenantId = request.params.tenantId ?? '';
        await policy.authorize(
          principal,
          'tenant.read',
          { tenantId },
          {
            traceId: request.traceId,
            target: { kind: 'tenant', id: tenantId },
          },
        );
        const tenant = await plane.tenants.get(tenantId);
        if (!tenant) throw new NotFoundError(`Tenant ${tenantId} does not exist.`);
        return { status: 200, body: tenant };
      },
    },
  });
}
