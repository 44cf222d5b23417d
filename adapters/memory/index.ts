/*
 * The in-memory adapters: one per port that has an AWS adapter, held to the same contract suites
 * (test/contract), for tests and benchmarks that should not need the emulators. The operator
 * signer, user authentication and plugin endpoints need none: their implementations
 * (adapters/identity, functions/lanes/operator/endpoints) already run in process.
 */
export { memoryAuditArchive } from './audit-archive';
export { memoryAuditLog } from './audit-log';
export { memoryCanonicalBus } from './canonical-bus';
export { memoryEnvelope } from './envelope';
export { memoryExternalTargets } from './external-targets';
export { memoryLaneMetrics } from './lane-metrics';
export { memoryPlatformEvents } from './platform-events';
export { memoryPluginCredentials } from './plugin-credentials';
export { memoryRateLimiter } from './rate-limiter';
export { memoryRegistry, registryState } from './registry';
export { memoryRuntime } from './runtime';
export { memorySubscriptions } from './subscriptions';
