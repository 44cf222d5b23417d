export * from './errors';
export type { CanonicalEvent, EventHandler } from './events';
export type { ExposedOperation, OperationHandler } from './operations';
export type { Caller } from './operator-verify';
export {
  type CallOptions,
  createPlugin,
  type Plugin,
  type PluginEnvironment,
  type PluginManifest,
  type PluginOptions,
  type PublishResult,
  type SelfConfig,
} from './plugin';
export type { ReplayCacheOptions } from './replay-cache';
