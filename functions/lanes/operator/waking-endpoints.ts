import { setTimeout as sleep } from 'node:timers/promises';
import { DependencyUnavailableError } from '../../../core/errors';
import type { IdleRuntime, PluginEndpoints } from '../../../core/ports';

export interface WakingEndpointsOptions {
  /** Asks the woken plugin's health endpoint: it answers calls once this is true. */
  readonly probe: (url: string) => Promise<boolean>;
  /** Sent as `Retry-After` when the call's deadline ends before the plugin answers. @default 5 s */
  readonly retryAfterSeconds?: number;
  /** Between two looks at a waking plugin. @default 50 ms */
  readonly pollMs?: number;
}

/**
 * Endpoints that wake a target scaled to zero for being idle: the operator lane's call asks the
 * runtime to start it again and waits, up to the call's own deadline, for its health endpoint
 * to answer. Past the deadline the call is refused with 503 and `Retry-After` (the plugin keeps
 * starting, so the retry finds it up). A target that runs is resolved by `inner`, untouched.
 *
 * Asks the runtime's status on every call, which is free for `vivified dev`'s processes; a
 * deployed lane would need DescribeServices per call, so deployed waking is not wired this way.
 */
export function wakingEndpoints(
  runtime: IdleRuntime,
  inner: PluginEndpoints,
  options: WakingEndpointsOptions,
): PluginEndpoints {
  const pollMs = options.pollMs ?? 50;
  return {
    forget: (installationId) => inner.forget(installationId),
    async endpointOf(target) {
      const status = await runtime.status(target.installationId);
      if (!status.exists || status.desired >= 1) return inner.endpointOf(target);
      const until = Date.now() + (target.wakeWithinMs ?? 0);
      await runtime.wake(target.installationId);
      // Anything remembered from before the sleep may be gone: ask afresh once it answers.
      inner.forget(target.installationId);
      do {
        const { endpoint } = await runtime.status(target.installationId);
        if (endpoint && (await options.probe(`${endpoint}${target.manifest.runtime.health_path}`))) {
          return inner.endpointOf(target);
        }
        await sleep(pollMs);
      } while (Date.now() < until);
      throw new DependencyUnavailableError(
        'The target plugin was asleep and is waking up; send the call again shortly.',
        options.retryAfterSeconds ?? 5,
      );
    },
  };
}
