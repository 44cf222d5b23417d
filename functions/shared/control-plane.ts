import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { RegistryChanges } from '../../application/registry-changes';
import type {
  AuditLog,
  CatalogStore,
  Envelope,
  ExternalTargets,
  InstallationStore,
  LaneMetricsReader,
  LaneMetricsRecorder,
  PanelSessions,
  PlatformEvents,
  PluginCredentials,
  PluginRuntime,
  RateLimiter,
  RolloutDriver,
  RolloutStore,
  SubscriberStore,
  SubscriptionWiring,
  TenantStore,
  UserAuthentication,
} from '../../core/ports';

export type { PlatformEvents };

/**
 * Every port the control-plane handlers use, each declared in core/ports. Each handler is given
 * only the part it needs (a `Pick` of this), composed by the one composition root
 * (./platform/compose.ts) from the factories of those ports alone, so its bundle holds only those
 * adapters; `vivified dev` and the test platform compose the whole of it there too.
 */
export interface ControlPlane {
  readonly tenants: TenantStore;
  readonly catalog: CatalogStore;
  readonly installations: InstallationStore;
  /** Staged rollouts of plugin versions, in the plugin's catalog partition. */
  readonly rollouts: RolloutStore;
  /** Starts what steps a rollout between requests (Step Functions deployed; locally, nothing: the runner polls). */
  readonly rolloutDriver: RolloutDriver;
  readonly audit: AuditLog;
  readonly envelope: Envelope;
  readonly runtime: PluginRuntime;
  readonly subscriptions: SubscriptionWiring;
  readonly events: PlatformEvents;
  /** A tenant's external event subscribers, and the rules that feed them. */
  readonly subscribers: SubscriberStore;
  readonly externalTargets: ExternalTargets;
  /** Issues each installation's credential at enable (and on refresh). */
  readonly credentials: Pick<PluginCredentials, 'issue' | 'verify'>;
  readonly authenticate: UserAuthentication;
  /** Signs and verifies console panel sessions (one key shared by the functions that open and serve panels). */
  readonly panelSessions: PanelSessions;
  /** The plugin lanes' call limits, counted where every instance counts (docs/rate-limits.md). */
  readonly rateLimiter: RateLimiter;
  /** Where the lanes count each installation's calls (EMF deployed, memory locally). */
  readonly laneMetrics: LaneMetricsRecorder;
  /** Reads those counts back for the health page (CloudWatch deployed, memory locally). */
  readonly metricsReader: LaneMetricsReader;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly settings: {
    /** The URL plugins use to reach the lanes (VIVIFIED_API_URL in their environment). */
    readonly apiUrl: string;
    /** Consecutive failed health checks before Active becomes Unhealthy. */
    readonly unhealthyAfter: number;
    readonly corsOrigins: readonly string[];
  };
  readonly now: () => Date;
  /** Registry writes made in this process, which the lanes' caches forget at once (./platform/compose.ts). */
  readonly registryChanges: RegistryChanges;
}

/** Observability shared by the handlers: JSON logs with correlation ids and EMF metrics. */
export function observability(serviceName: string) {
  const logger = new Logger({ serviceName });
  return {
    logger,
    // Metrics' own warnings (e.g. a request that recorded no metric) go through the JSON logger,
    // at its level, instead of plain console lines in the function's log.
    metrics: new Metrics({ namespace: 'Vivified', serviceName, logger }),
  };
}
