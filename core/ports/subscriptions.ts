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

/** Events at an installation's queue: waiting to be received, and received but not yet deleted. */
export interface QueueBacklog {
  backlog(queueUrl: string): Promise<{ readonly waiting: number; readonly inFlight: number }>;
}
