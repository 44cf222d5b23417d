export {
  type Action,
  ADMIN_ACTIONS,
  type AdminAction,
  AUDIT_ACTIONS,
  type AuditAction,
  CATALOG_ACTIONS,
  type CatalogAction,
  INSTALLATION_ACTIONS,
  type InstallationAction,
  isAction,
  isAdminAction,
  LANE_ACTIONS,
  type LaneAction,
  type ResourceByAction,
  type RouteAction,
  SELF_SERVICE_ACTIONS,
  type SelfServiceAction,
  TENANT_REGISTRY_ACTIONS,
  type TenantRegistryAction,
} from './actions';
export { ADMIN_RULES, type AdminRule } from './admin-rules';
export { clearanceGap } from './clearance';
export { decide } from './decide';
export type { AuditLevel, Decision, Obligations } from './decision';
export {
  type PlatformAdminPrincipal,
  type PluginPrincipal,
  type Principal,
  ROLES,
  type Role,
  type UserPrincipal,
} from './principal';
export type {
  AllowlistMatch,
  CatalogResource,
  EgressResource,
  OperatorCallResource,
  OperatorTarget,
  PublishResource,
  SubscribeResource,
  TenantRecordResource,
  TenantResource,
} from './resources';
