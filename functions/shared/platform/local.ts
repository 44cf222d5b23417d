import { devUserDirectory } from '../../../adapters/identity/dev-directory';
import { processRuntime } from '../../../adapters/local/process-runtime';
import { endpointCache } from '../../lanes/operator/endpoints';
import type { Wired } from './compose';
import type { PlatformConfig } from './config';

/** Plugins as local processes with the environment a Fargate task gets (`vivified dev`). */
export const localRuntime = (config: Pick<PlatformConfig, 'localPlugins'>) => {
  if (!config.localPlugins)
    throw new Error('Local plugins need a log directory and an environment to inherit.');
  return processRuntime({
    logDirectory: config.localPlugins.logDirectory,
    inheritEnvironment: [...config.localPlugins.inheritEnvironment],
    ...(config.localPlugins.directory ? { cwd: config.localPlugins.directory } : {}),
  });
};

/** Where the runtime says each target answers: local plugins are processes on ports of their own. */
export const runtimeEndpoints = (_config: unknown, wired: Wired) => {
  if (!wired.runtime) throw new Error('Endpoints from the runtime need a runtime in the same platform.');
  return endpointCache(wired.runtime);
};

/** The development users by name (`vivified dev`): the local issuer is who knows them. */
export const localUsers = (config: Pick<PlatformConfig, 'devUsers'>) =>
  devUserDirectory(config.devUsers ?? []);
