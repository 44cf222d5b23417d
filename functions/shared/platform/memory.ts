import { memoryAuditArchive } from '../../../adapters/memory/audit-archive';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryCanonicalBus } from '../../../adapters/memory/canonical-bus';
import { memoryCatalogStore } from '../../../adapters/memory/catalog';
import { memoryEnvelope } from '../../../adapters/memory/envelope';
import { memoryExternalTargets } from '../../../adapters/memory/external-targets';
import { memoryInstallationStore } from '../../../adapters/memory/installations';
import { type MemoryLaneMetricsOptions, memoryLaneMetrics } from '../../../adapters/memory/lane-metrics';
import { memoryPanelSessions } from '../../../adapters/memory/panel-sessions';
import { memoryPlatformEvents } from '../../../adapters/memory/platform-events';
import { memoryPluginCredentials } from '../../../adapters/memory/plugin-credentials';
import { polledRolloutDriver } from '../../../adapters/memory/polled-rollouts';
import { memoryRateLimiter } from '../../../adapters/memory/rate-limiter';
import { type RegistryState, registryState } from '../../../adapters/memory/registry';
import { memoryRolloutStore } from '../../../adapters/memory/rollouts';
import { memoryRuntime } from '../../../adapters/memory/runtime';
import { memorySubscriberStore } from '../../../adapters/memory/subscribers';
import { memorySubscriptions } from '../../../adapters/memory/subscriptions';
import { memoryTenantStore } from '../../../adapters/memory/tenants';
import type { Wired } from './compose';
import { userAuthentication } from './identity';
import { runtimeEndpoints } from './local';
import { platformSettings } from './settings';

export interface MemoryPortsOptions {
  /** The registry's maps, shared by its stores. @default empty */
  readonly state?: RegistryState;
  /** Where the runtime says a running installation answers. @default none */
  readonly endpointOf?: (installationId: string) => string;
  /** Where the lane metrics sample dead letters (adapters/memory/lane-metrics.ts). @default none */
  readonly deadLetters?: MemoryLaneMetricsOptions['deadLetters'];
}

/**
 * Every port in memory (adapters/memory), for what should not need the emulators (the lane
 * benchmarks): the registry's stores share one state, and the operator lane's endpoints are the
 * runtime's word. Pick the factories of the ports a caller uses, as a handler does.
 */
export function memoryPorts(options: MemoryPortsOptions = {}) {
  const state = options.state ?? registryState();
  // One store for both factories: what the lanes record is what the health page reads.
  const laneMetrics = memoryLaneMetrics(options.deadLetters ? { deadLetters: options.deadLetters } : {});
  return {
    tenants: () => memoryTenantStore(state),
    catalog: () => memoryCatalogStore(state),
    installations: () => memoryInstallationStore(state),
    rollouts: () => memoryRolloutStore(),
    rolloutDriver: polledRolloutDriver,
    subscribers: () => memorySubscriberStore(state),
    audit: (_config: unknown, wired: Wired) => memoryAuditLog({ archive: wired.archive }),
    auditArchive: () => memoryAuditArchive(),
    envelope: () => memoryEnvelope(),
    runtime: () => memoryRuntime({ endpointOf: options.endpointOf }),
    subscriptions: () => memorySubscriptions(),
    events: () => memoryPlatformEvents(),
    externalTargets: () => memoryExternalTargets(),
    credentials: () => memoryPluginCredentials(),
    authenticate: userAuthentication,
    panelSessions: () => memoryPanelSessions(),
    bus: () => memoryCanonicalBus(),
    rateLimiter: () => memoryRateLimiter(),
    laneMetrics: () => laneMetrics,
    metricsReader: () => laneMetrics,
    endpoints: runtimeEndpoints,
    settings: platformSettings,
  } as const;
}
