import type {
  CatalogResource,
  EgressResource,
  OperatorCallResource,
  PanelResource,
  PublishResource,
  SubscribeResource,
  TenantRecordResource,
  TenantResource,
} from './resources';

export const CATALOG_ACTIONS = [
  'catalog.browse',
  'catalog.read',
  'catalog.register',
  'catalog.delete',
  // Staged rollouts of a plugin version across tenants (application/rollouts): the catalog's, so
  // the platform's; a status names the tenants in it, so reading it is not a tenant's business.
  'catalog.rollout',
  // Pause, resume, halt or roll back a running rollout: a route of its own, so an action of its own.
  'catalog.rollout.control',
  'catalog.rollout.read',
] as const;
export const TENANT_REGISTRY_ACTIONS = ['tenant.create', 'tenant.read', 'tenant.list'] as const;
export const INSTALLATION_ACTIONS = [
  'installation.install',
  'installation.uninstall',
  'installation.enable',
  'installation.disable',
  'installation.upgrade',
  'installation.redrive',
  'installation.configure',
  'installation.config.read',
  'installation.health',
  'installation.metrics',
  'installation.read',
  'installation.list',
  // Beyond the seed's table: routing a tenant's events to a bus in another account exports data,
  // so it belongs to the tenant's admin.
  'subscriber.list',
  'subscriber.create',
  'subscriber.delete',
  // Beyond the seed: what a plugin or role may do, answered by `decide` itself, changing nothing.
  'policy.simulate',
  // Beyond the seed: a plugin's console panel, open to the roles its manifest names (and admin).
  'installation.panel.open',
] as const;
export const AUDIT_ACTIONS = ['audit.read', 'audit.verify', 'audit.explain'] as const;
export const LANE_ACTIONS = [
  'canonical.publish',
  'canonical.subscribe',
  'operator.call',
  'proxy.egress',
] as const;

export const ADMIN_ACTIONS = [
  ...CATALOG_ACTIONS,
  ...TENANT_REGISTRY_ACTIONS,
  ...INSTALLATION_ACTIONS,
  ...AUDIT_ACTIONS,
] as const;

export type CatalogAction = (typeof CATALOG_ACTIONS)[number];
export type TenantRegistryAction = (typeof TENANT_REGISTRY_ACTIONS)[number];
export type InstallationAction = (typeof INSTALLATION_ACTIONS)[number];
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AdminAction = (typeof ADMIN_ACTIONS)[number];
export type LaneAction = (typeof LANE_ACTIONS)[number];

/** What each action is about; `decide` takes the resource that matches the action. */
export type ResourceByAction = { readonly [A in CatalogAction]: CatalogResource } & {
  readonly [A in TenantRegistryAction]: TenantRecordResource;
} & {
  readonly [A in Exclude<InstallationAction, 'installation.panel.open'> | AuditAction]: TenantResource;
} & {
  readonly 'installation.panel.open': PanelResource;
  readonly 'canonical.publish': PublishResource;
  readonly 'canonical.subscribe': SubscribeResource;
  readonly 'operator.call': OperatorCallResource;
  readonly 'proxy.egress': EgressResource;
};

export type Action = AdminAction | LaneAction;

/**
 * Routes no policy decision guards, named like actions for the route table and the audit trail: a
 * verified plugin reading its own config or renewing its own credential, the public keys that
 * verify operator calls, and the API's public OpenAPI document. `decide` knows none of them, so
 * `isAction` stays false for them.
 */
export const SELF_SERVICE_ACTIONS = [
  'self.config',
  'self.credential',
  'keys.operator',
  'api.document',
  // A console panel served to the holder of a panel session, which was opened by a decision of
  // `installation.panel.open`; serving it checks the session's binding, not the policy again.
  'panel.view',
] as const;
export type SelfServiceAction = (typeof SELF_SERVICE_ACTIONS)[number];

/** What a route is called: the policy action it is decided as, or a self-service name. */
export type RouteAction = Action | SelfServiceAction;

export const isAdminAction = (action: string): action is AdminAction =>
  (ADMIN_ACTIONS as readonly string[]).includes(action);

export const isAction = (action: string): action is Action =>
  isAdminAction(action) || (LANE_ACTIONS as readonly string[]).includes(action);
