import type { RuntimeSpec } from '../manifest/types';

/** Everything a runtime needs to run one installation, the same for ECS tasks and local processes. */
export interface RuntimeLaunch {
  readonly tenantId: string;
  readonly pluginId: string;
  readonly installationId: string;
  readonly pluginVersion: string;
  readonly runtime: RuntimeSpec;
  /** The environment a plugin gets: VIVIFIED_API_URL, VIVIFIED_TENANT_ID, ..., VIVIFIED_QUEUE_URL. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The installation's short-lived credential. Each runtime delivers it its own way (an ECS
   * secret; the process environment locally) as VIVIFIED_CREDENTIAL — never as a plain task
   * definition value.
   */
  readonly credential: string;
}

export interface RuntimeStatus {
  readonly exists: boolean;
  readonly desired: number;
  readonly running: number;
  /** Where the operator lane reaches the plugin, when the runtime knows it. */
  readonly endpoint?: string;
}

/**
 * The runtime port: ECS Fargate in AWS, child processes locally. Everything is addressed by
 * installation id, and every method is idempotent, so provisioning can be retried — or undone —
 * after a failure at any point without knowing how far the failed attempt got.
 */
export interface PluginRuntime {
  /** Creates or updates the installation's service and runs one copy. */
  start(launch: RuntimeLaunch): Promise<{ readonly handle: string; readonly taskDefinition?: string }>;
  /** Scales to zero, keeping the definition (disable). A missing service counts as stopped. */
  stop(installationId: string): Promise<void>;
  /** Deletes everything `start` made (uninstall, or undoing a failed enable). Missing pieces count as removed. */
  remove(installationId: string): Promise<void>;
  status(installationId: string): Promise<RuntimeStatus>;
  /**
   * Replaces the credential a (re)started copy will get, so a task restarted hours later does not
   * start with an expired one. Running copies rotate their own through the self-service route.
   */
  rotateCredential(installationId: string, credential: string): Promise<void>;
}

/** What subscription wiring made: the installation queue, its DLQ and one rule per subscribed type. */
export interface SubscriptionResources {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
  readonly rules: readonly string[];
}

export interface SubscriptionTarget {
  readonly tenantId: string;
  readonly pluginId: string;
  readonly installationId: string;
  /** Canonical types the installation subscribes to, e.g. `UserCreated.v1`. */
  readonly types: readonly string[];
  /** The redaction view the installation is cleared for (core/lanes/clearance-view). */
  readonly view: string;
}

/** The canonical-lane port: per-installation queue + DLQ and tenant-filtered rules on the bus. */
export interface SubscriptionWiring {
  ensure(target: SubscriptionTarget): Promise<SubscriptionResources>;
  remove(installationId: string): Promise<void>;
  /** Events waiting in the installation's dead-letter queue (approximate, as SQS counts). */
  deadLetters(resources: DeadLetterResources): Promise<{ readonly waiting: number }>;
  /**
   * Moves the dead-lettered events back to the installation's queue for another delivery attempt.
   * Asynchronous on the service side: answers with how many were waiting when the move began.
   */
  redrive(resources: DeadLetterResources): Promise<{ readonly moving: number }>;
}

/** The queues an installation's deliveries and dead letters live in. */
export interface DeadLetterResources {
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
}

/** Platform events the control plane emits on the canonical bus (e.g. PluginHealthChanged.v1). */
export interface PlatformEvents {
  emit(event: {
    readonly type: string;
    readonly tenantId: string;
    readonly installationId: string;
    readonly traceId: string;
    readonly data: unknown;
  }): Promise<void>;
}
