/*
 * Every port a handler or lane depends on, in the domain's words. The AWS adapters (adapters/aws)
 * and the in-memory ones (adapters/memory) implement them, and one contract suite per port
 * (test/contract) holds both to the same behaviour.
 */
export type {
  AuditAnchors,
  AuditArchive,
  AuditEntry,
  AuditLog,
  AuditOrder,
  AuditQuery,
  AuditVerifyOptions,
} from './audit';
export type { CanonicalBus, EntryOutcome } from './canonical-bus';
export type { CatalogEntry, CatalogFilter, CatalogStore } from './catalog';
export type { Egress, EgressChecks, EgressRequest, EgressResponse, EgressVerdict } from './egress';
export type { DedicatedKeys, Envelope, SealContext, SealPurpose } from './envelope';
export type { HostResolver } from './host-resolver';
export type { InstallationStore } from './installations';
export type { LaneMetricsReader, LaneMetricsRecorder, MetricsAsk } from './lane-metrics';
export type { OperatorCall, OperatorCallSigner } from './operator-signer';
export type { Page } from './page';
export { PANEL_SESSION_LIFETIME_SECONDS, type PanelGrant, type PanelSessions } from './panel-sessions';
export type { PlatformEvents } from './platform-events';
export type { PluginAnswer, PluginCall, PluginCaller } from './plugin-calls';
export type { LaneIdentity, PluginCredentials, PluginIdentity } from './plugin-credentials';
export type { EndpointTarget, PluginEndpoints } from './plugin-endpoints';
export type { RateAdmission, RateLimiter } from './rate-limiter';
export type { RolloutDriver } from './rollout-driver';
export type { RolloutStore } from './rollouts';
export type {
  IdleRuntime,
  PluginRuntime,
  RuntimeLaunch,
  RuntimeProbe,
  RuntimeStatus,
  RuntimeWaker,
} from './runtime';
export type { ExternalRoute, ExternalSubscriber, ExternalTargets, SubscriberStore } from './subscribers';
export type {
  DeadLetterResources,
  QueueBacklog,
  SubscriptionResources,
  SubscriptionTarget,
  SubscriptionWiring,
} from './subscriptions';
export type { TenantStore } from './tenants';
export type { UserAuthentication, VerifiedUser } from './user-authentication';
export type { UserDirectory } from './user-directory';
