import type { InstallationState } from '../lifecycle';

/**
 * What an operator should make of an installation at a glance. `degraded`: running, but something
 * needs a person — events dead-lettering or checks failing — which the lifecycle state alone
 * (Active) does not show. `asleep`: Active but scaled to zero for being idle; its next event or call
 * wakes it, so nothing is wrong.
 */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'not_running' | 'asleep';

export interface HealthVerdict {
  readonly status: HealthStatus;
  /** Why it is not healthy, in words for the console and the CLI; empty when healthy. */
  readonly reasons: readonly string[];
}

/** Dead letters count against health: an Active installation whose events dead-letter is degraded. */
export function healthVerdict(
  state: InstallationState,
  consecutiveFailures: number,
  deadLetters: number,
  asleepSince?: string,
): HealthVerdict {
  const reasons = [
    ...(deadLetters > 0
      ? [`${deadLetters} event(s) in the dead-letter queue: fix the cause, then redeliver them`]
      : []),
    ...(consecutiveFailures > 0 ? [`${consecutiveFailures} failed health check(s) in a row`] : []),
  ];
  if (state === 'Unhealthy' || state === 'Failed') return { status: 'unhealthy', reasons };
  if (state !== 'Active') return { status: 'not_running', reasons };
  if (reasons.length > 0) return { status: 'degraded', reasons };
  return asleepSince
    ? { status: 'asleep', reasons: [`asleep since ${asleepSince}`] }
    : { status: 'healthy', reasons };
}
