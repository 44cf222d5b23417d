// The installation ports moved to core/ports with every other port; kept here for old imports.
export type { PlatformEvents } from '../ports/platform-events';
export type { PluginRuntime, RuntimeLaunch, RuntimeStatus } from '../ports/runtime';
export type {
  DeadLetterResources,
  SubscriptionResources,
  SubscriptionTarget,
  SubscriptionWiring,
} from '../ports/subscriptions';
