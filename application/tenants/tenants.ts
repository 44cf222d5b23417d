import { NotFoundError, ValidationError } from '../../core/errors';
import type { Principal } from '../../core/policy';
import type { DedicatedKeys, Page, TenantStore } from '../../core/ports';
import {
  isTenantId,
  newTenant,
  type Tenant,
  type TenantInput,
  validateTenantInput,
} from '../../core/tenancy';
import type { PageAsk, Unvalidated } from '../attempt';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';
import { DedicatedKeyMissingError } from './dedicated-key-missing';

/*
 * The tenant registry: the platform administrator creates, lists and reads tenants.
 */

export interface TenantsDeps {
  readonly tenants: TenantStore;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
  /** Of the envelope only which tenants have a dedicated key. */
  readonly envelope: DedicatedKeys;
  readonly now: () => Date;
}

export interface RegistryAsk {
  readonly principal: Principal;
  readonly traceId: string;
}

/**
 * Creates a tenant. A dedicated-key tenant the deployment has no key for is refused (409) after
 * the decision allowed it, and the refusal is audited as such.
 */
export async function createTenant(
  deps: TenantsDeps,
  ask: RegistryAsk & { readonly body: unknown },
): Promise<Tenant> {
  const { principal, traceId, body } = ask;
  const policy = guard(deps);
  const errors = validateTenantInput(body);
  const id = (body as { id?: unknown } | undefined)?.id;
  // Decide before validating, so a caller without the right learns nothing about the input rules.
  await policy.authorize(
    principal,
    'tenant.create',
    { tenantId: isTenantId(id) ? id : '' },
    { traceId, target: { kind: 'tenant', id: isTenantId(id) ? id : '(invalid id)' } },
  );
  if (errors.length > 0) throw new ValidationError('The tenant is invalid.', errors);
  const tenant = newTenant(body as TenantInput, deps.now().toISOString());
  if (tenant.keyMode === 'dedicated' && !(await deps.envelope.dedicatedKeyOf(tenant.id))) {
    return policy.refuse({
      kind: 'outcome',
      principal,
      action: 'tenant.create.refused',
      traceId,
      target: { kind: 'tenant', id: tenant.id },
      error: new DedicatedKeyMissingError(tenant.id),
    });
  }
  await deps.tenants.create(tenant);
  await policy.record(principal, 'tenant.create.completed', {
    traceId,
    target: { kind: 'tenant', id: tenant.id },
    reasons: [`tenant ${tenant.id} created (${tenant.tier}, ${tenant.keyMode} key)`],
  });
  return tenant;
}

export async function listTenants(
  deps: Pick<TenantsDeps, 'tenants' | 'audit' | 'metrics'>,
  ask: RegistryAsk & { readonly page: Unvalidated<PageAsk> },
): Promise<Page<Tenant>> {
  await guard(deps).authorize(
    ask.principal,
    'tenant.list',
    { tenantId: '' },
    { traceId: ask.traceId, target: { kind: 'tenants', id: '*' } },
  );
  const { limit, cursor } = ask.page.parse(ask.page.raw);
  return deps.tenants.list(limit, cursor);
}

export async function readTenant(
  deps: Pick<TenantsDeps, 'tenants' | 'audit' | 'metrics'>,
  ask: RegistryAsk & { readonly tenantId: string },
): Promise<Tenant> {
  await guard(deps).authorize(
    ask.principal,
    'tenant.read',
    { tenantId: ask.tenantId },
    { traceId: ask.traceId, target: { kind: 'tenant', id: ask.tenantId } },
  );
  const tenant = await deps.tenants.get(ask.tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${ask.tenantId} does not exist.`);
  return tenant;
}
