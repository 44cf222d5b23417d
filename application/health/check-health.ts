import { randomUUID } from 'node:crypto';
import { ConcurrentModificationError } from '../../core/errors';
import { credentialDue } from '../../core/installation/credential-refresh';
import type { HealthCheck, Installation } from '../../core/installation/types';
import { type InstallationState, RUNNING_STATES } from '../../core/lifecycle';
import type {
  AuditLog,
  CatalogStore,
  InstallationStore,
  PlatformEvents,
  PluginCredentials,
  RuntimeProbe,
  SubscriptionWiring,
} from '../../core/ports';
import { deadLetterQueues } from '../lifecycle/dead-letters';
import { advanceInstallation } from '../lifecycle/provisioning';
import type { ErrorLog } from '../observability';
import { type IdleDeps, settleIdle } from './idle';

/** Asks a plugin's health endpoint; true only for a 2xx within the timeout. */
export type HealthProbe = (url: string) => Promise<boolean>;

const HISTORY = 20;
const SYSTEM = 'health-check';

export interface HealthRound {
  readonly checked: number;
  readonly changed: ReadonlyArray<{
    tenantId: string;
    pluginId: string;
    from: InstallationState;
    to: InstallationState;
  }>;
}

/** The ports a health round uses. */
export interface HealthDeps {
  readonly installations: InstallationStore;
  /** Only status and credential rotation: a health round provisions and removes nothing. */
  readonly runtime: RuntimeProbe;
  /** Counts each installation's dead letters, which count against its health. */
  readonly subscriptions: Pick<SubscriptionWiring, 'deadLetters'>;
  /** Re-issues each running installation's credential. */
  readonly credentials: Pick<PluginCredentials, 'issue'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly audit: Pick<AuditLog, 'append' | 'flush'>;
  readonly events: PlatformEvents;
  readonly logger: ErrorLog;
  readonly settings: {
    /** Consecutive failed health checks before Active becomes Unhealthy. */
    readonly unhealthyAfter: number;
  };
  readonly now: () => Date;
  /** Scale-to-zero (./idle); without it every installation keeps running. */
  readonly idle?: IdleDeps;
}

/**
 * One round of the health schedule: every Active or Unhealthy installation is checked (the
 * runtime runs it, and its health endpoint answers where it is reachable). After `unhealthyAfter`
 * consecutive failures Active becomes Unhealthy; one good check brings it back. Each change emits
 * PluginHealthChanged.v1 and is audited in the tenant's chain. A concurrent user change wins:
 * that installation is simply checked again next round.
 */
export async function checkHealth(plane: HealthDeps, probe: HealthProbe): Promise<HealthRound> {
  const changed: Array<HealthRound['changed'][number]> = [];
  let checked = 0;

  async function checkOne(installation: Installation) {
    const manifest = await plane.catalog.getManifest(installation.pluginId, installation.pluginVersion);
    const status = await plane.runtime.status(installation.installationId);
    const idle =
      plane.idle && manifest && status.exists
        ? await settleIdle(plane.idle, installation, manifest, status, plane.now())
        : undefined;
    // Asleep, or only just woken by this round: not running is what was asked for, not a failure.
    const resting = idle?.asleepSince !== undefined || (idle?.change === 'woken' && status.desired < 1);
    let healthy = resting || (status.exists && status.running >= 1);
    let detail = resting
      ? idle?.asleepSince
        ? 'asleep: scaled to zero for being idle'
        : `waking: ${idle?.reason}`
      : healthy
        ? 'running'
        : `runtime: ${status.running}/${status.desired} running`;
    if (!resting && healthy && status.endpoint && manifest) {
      healthy = await probe(`${status.endpoint}${manifest.runtime.health_path}`);
      detail = healthy ? 'running; health endpoint answered' : 'running; health endpoint did not answer 2xx';
    }
    // Counted each round, so lists show dead-lettering installations without asking SQS per row.
    // A count that cannot be had (an outage) is no reason to fail the check itself.
    const queues = deadLetterQueues(installation);
    const deadLetters = queues
      ? await plane.subscriptions.deadLetters(queues).then(
          ({ waiting }) => waiting,
          () => undefined,
        )
      : 0;
    if (deadLetters) detail = `${detail}; ${deadLetters} event(s) in the dead-letter queue`;
    // Keep the stored credential fresh, so a copy that restarts later starts with a valid one;
    // only near its expiry, not every round (./core/installation/credential-refresh.ts says why).
    let credentialExpiresAt = installation.health.credentialExpiresAt;
    if (status.exists && credentialDue(credentialExpiresAt, plane.now())) {
      const issued = await plane.credentials.issue(installation, plane.now().getTime());
      await plane.runtime.rotateCredential(installation.installationId, issued.token);
      credentialExpiresAt = new Date(issued.expiresAt).toISOString();
    }
    const now = plane.now().toISOString();
    const check: HealthCheck = { at: now, healthy, detail };
    const failures = healthy ? 0 : installation.health.consecutiveFailures + 1;
    const health = {
      consecutiveFailures: failures,
      lastCheckedAt: now,
      ...(deadLetters === undefined ? {} : { deadLetters }),
      ...(idle ? { lastActiveAt: idle.lastActiveAt } : {}),
      ...(idle?.asleepSince ? { asleepSince: idle.asleepSince } : {}),
      ...(credentialExpiresAt ? { credentialExpiresAt } : {}),
      history: [check, ...installation.health.history].slice(0, HISTORY),
    };
    if (idle?.change) {
      await plane.audit.append({
        tenantId: installation.tenantId,
        actor: { kind: 'system', id: SYSTEM },
        action: `installation.${idle.change}`,
        target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
        decision: 'allow',
        reasons: [idle.reason!],
        traceId: randomUUID(),
      });
    }
    const from = installation.state;
    const event =
      from === 'Active' && !healthy && failures >= plane.settings.unhealthyAfter
        ? ('health_failed' as const)
        : from === 'Unhealthy' && healthy
          ? ('health_restored' as const)
          : undefined;
    if (!event) {
      await plane.installations.save({
        ...installation,
        health,
        rev: installation.rev + 1,
        updatedAt: now,
        updatedBy: SYSTEM,
      });
      return;
    }
    const next = await advanceInstallation(plane, installation, event, SYSTEM, { health });
    changed.push({ tenantId: next.tenantId, pluginId: next.pluginId, from, to: next.state });
    const traceId = randomUUID();
    await plane.events.emit({
      type: 'PluginHealthChanged.v1',
      tenantId: next.tenantId,
      installationId: next.installationId,
      traceId,
      data: {
        installationId: next.installationId,
        pluginId: next.pluginId,
        from,
        to: next.state,
        reason: detail,
        checkedAt: now,
      },
    });
    await plane.audit.append({
      tenantId: next.tenantId,
      actor: { kind: 'system', id: SYSTEM },
      action: `installation.${event}`,
      target: { kind: 'installation', id: `${next.tenantId}/${next.pluginId}` },
      decision: 'allow',
      reasons: [`${from} → ${next.state}: ${detail} (${failures} consecutive failure(s))`],
      traceId,
    });
  }

  // Collect first: checking moves installations between the two states being listed.
  const due: Installation[] = [];
  for (const state of RUNNING_STATES) {
    for await (const installation of plane.installations.inState(state)) due.push(installation);
  }
  for (const installation of due) {
    checked += 1;
    try {
      await checkOne(installation);
    } catch (error) {
      // One broken installation must not stop the round for every other tenant.
      if (!(error instanceof ConcurrentModificationError)) {
        plane.logger.error('Health check failed', {
          tenantId: installation.tenantId,
          pluginId: installation.pluginId,
          error: error as Error,
        });
      }
    }
  }
  await plane.audit.flush();
  return { checked, changed };
}
