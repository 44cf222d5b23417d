import type { RuntimeSpec } from '../manifest/types';

/**
 * When an installation with nothing to do may be scaled to zero: never (`alwaysOn`, for plugins
 * whose callers cannot wait for a start), or after `idleAfterSeconds` without activity.
 */
export type IdlePolicy =
  | { readonly alwaysOn: true }
  | { readonly alwaysOn: false; readonly idleAfterSeconds: number };

const ALWAYS_ON: IdlePolicy = { alwaysOn: true };

/**
 * The plugin's own word first (its manifest's `runtime.always_on`, then `runtime.idle_after_seconds`),
 * else the platform's default; a platform without one keeps everything running, as before
 * scale-to-zero existed. `always_on` wins over an idle period given beside it: a plugin that says
 * it must not sleep is never put to sleep by a number.
 */
export function idlePolicyOf(
  runtime: Pick<RuntimeSpec, 'always_on' | 'idle_after_seconds'>,
  platformIdleAfterSeconds?: number,
): IdlePolicy {
  if (runtime.always_on) return ALWAYS_ON;
  const idleAfterSeconds = runtime.idle_after_seconds ?? platformIdleAfterSeconds;
  return idleAfterSeconds === undefined ? ALWAYS_ON : { alwaysOn: false, idleAfterSeconds };
}

/**
 * Whether an installation last active at `lastActiveAt` (ISO 8601) should be scaled to zero now.
 * Without a recorded activity it is not: the first round only starts its idle clock.
 */
export function shouldSleep(lastActiveAt: string | undefined, now: Date, policy: IdlePolicy): boolean {
  if (policy.alwaysOn || lastActiveAt === undefined) return false;
  return now.getTime() - Date.parse(lastActiveAt) >= policy.idleAfterSeconds * 1000;
}
