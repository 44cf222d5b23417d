import { idlePolicyOf, shouldSleep } from '../../core/installation/idle';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { IdleRuntime, QueueBacklog, RuntimeStatus } from '../../core/ports';

/** What scale-to-zero needs in the health round; without it nothing is ever put to sleep. */
export interface IdleDeps {
  readonly runtime: IdleRuntime;
  readonly queues: QueueBacklog;
  /** The platform's idle period; without one only plugins whose manifest gives one sleep. */
  readonly idleAfterSeconds?: number;
}

export interface IdleOutcome {
  readonly lastActiveAt: string;
  readonly asleepSince?: string;
  /** Put to sleep or woken by this round (or found woken by an operator call): audited. */
  readonly change?: 'slept' | 'woken';
  readonly reason?: string;
}

/**
 * Scale-to-zero, one installation per round. Activity is what the round can see for one
 * GetQueueAttributes call: events waiting or in flight at its queue. Nothing is written per event
 * or per lane call. An idle installation is scaled to zero (still Active: enabled, subscribed, its
 * queue keeps every event EventBridge delivers); a sleeping one with events waiting is woken, so
 * an event waits at most one round's interval plus the plugin's start. One the operator lane woke
 * (it runs again) starts its idle clock afresh.
 */
export async function settleIdle(
  deps: IdleDeps,
  installation: Installation,
  manifest: Pick<PluginManifest, 'runtime'>,
  status: RuntimeStatus,
  now: Date,
): Promise<IdleOutcome> {
  const at = now.toISOString();
  const { lastActiveAt, asleepSince } = installation.health;
  const queueUrl = installation.resources.queueUrl;
  // A backlog that cannot be read (an outage) is no evidence of idleness: nothing changes.
  const backlog = queueUrl
    ? await deps.queues.backlog(queueUrl).catch(() => undefined)
    : { waiting: 0, inFlight: 0 };
  const queued = backlog ? backlog.waiting + backlog.inFlight : 0;
  const policy = idlePolicyOf(manifest.runtime, deps.idleAfterSeconds);

  if (asleepSince !== undefined) {
    if (status.desired >= 1)
      return { lastActiveAt: at, change: 'woken', reason: 'woken by an operator call' };
    if (queued > 0 || policy.alwaysOn) {
      await deps.runtime.wake(installation.installationId);
      const reason = queued > 0 ? `${queued} event(s) at its queue` : 'its plugin is now always on';
      return { lastActiveAt: at, change: 'woken', reason };
    }
    return { lastActiveAt: lastActiveAt ?? asleepSince, asleepSince };
  }
  if (!backlog || queued > 0 || lastActiveAt === undefined) return { lastActiveAt: at };
  if (installation.state === 'Active' && status.desired >= 1 && shouldSleep(lastActiveAt, now, policy)) {
    await deps.runtime.stop(installation.installationId);
    return { lastActiveAt, asleepSince: at, change: 'slept', reason: `no events since ${lastActiveAt}` };
  }
  return { lastActiveAt };
}
