import { pageSize } from '../../adapters/aws/registry/cursor';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import type { DedicatedKeys } from '../../core/ports';
import { isTenantId, newTenant, type TenantInput, validateTenantInput } from '../../core/tenancy';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { guard } from '../shared/guard';
import { httpApi } from '../shared/http';

/**
 * The ports the tenants routes use. Of the envelope only which tenants have a dedicated key, so
 * the tenants function can be given that without the Encryption SDK.
 */
export type TenantsPlane = Pick<
  ControlPlane,
  'tenants' | 'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings' | 'now'
> & { readonly envelope: DedicatedKeys };

/**
 * A dedicated tenant whose key the deployment does not have: created anyway, its data would be
 * sealed under the platform key, where offboarding could not shred it.
 */
export class DedicatedKeyMissingError extends ConflictError {
  override readonly code = 'dedicated_key_not_provisioned';

  constructor(tenantId: string) {
    super(
      `Tenant ${tenantId} asks for a dedicated key, but this deployment has none for it: add ${tenantId} to the vivified:dedicatedKeyTenants context, deploy, then create the tenant.`,
      { tenantId },
    );
  }
}

/** The tenant registry: the platform administrator creates and reads tenants. */
export function tenantsApi(plane: TenantsPlane) {
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
        if (tenant.keyMode === 'dedicated' && !plane.envelope.hasDedicatedKey(tenant.id)) {
          const refusal = new DedicatedKeyMissingError(tenant.id);
          await policy.record(principal, 'tenant.create.refused', {
            traceId: request.traceId,
            target: { kind: 'tenant', id: tenant.id },
            reasons: [refusal.message],
            decision: 'deny',
          });
          throw refusal;
        }
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
