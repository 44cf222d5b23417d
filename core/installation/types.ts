import type { InstallationState } from '../lifecycle';

/** A failure the control plane recorded on an installation: which step, what happened, when. */
export interface InstallationError {
  readonly step: string;
  readonly message: string;
  readonly at: string;
}

/** One health probe's outcome, kept in a short rolling history for the console. */
export interface HealthCheck {
  readonly at: string;
  readonly healthy: boolean;
  readonly detail: string;
}

export interface InstallationHealth {
  readonly consecutiveFailures: number;
  readonly lastCheckedAt?: string;
  /** Events waiting in the dead-letter queue when last checked (the health round counts them). */
  readonly deadLetters?: number;
  /** When the health round last saw the installation busy (events queued or in flight), or woke it. */
  readonly lastActiveAt?: string;
  /** Since when it is scaled to zero for being idle (still Active: the next event or call wakes it). */
  readonly asleepSince?: string;
  /** When the credential the health round last stored expires; it is replaced only near then. */
  readonly credentialExpiresAt?: string;
  readonly history: readonly HealthCheck[];
}

/** What provisioning made for an installation, so it can be found again and removed. */
export interface InstallationResources {
  /** Runtime adapter's handle (ECS service ARN, or the local process id). */
  readonly runtimeHandle?: string;
  readonly taskDefinition?: string;
  readonly queueUrl?: string;
  readonly queueArn?: string;
  readonly deadLetterQueueUrl?: string;
  readonly deadLetterQueueArn?: string;
  /** EventBridge rule names, one per subscribed canonical type. */
  readonly rules?: readonly string[];
}

/**
 * A tenant's installation of one plugin version. `rev` is the optimistic-concurrency revision:
 * every write is conditional on the revision read, so concurrent changes cannot both win.
 */
export interface Installation {
  readonly tenantId: string;
  readonly pluginId: string;
  readonly installationId: string;
  readonly pluginVersion: string;
  readonly state: InstallationState;
  readonly rev: number;
  /** Non-secret settings in the clear. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Secret settings, each envelope-encrypted (base64) under {tenantId, installationId, purpose: config}. */
  readonly sealedSecrets: Readonly<Record<string, string>>;
  readonly resources: InstallationResources;
  readonly health: InstallationHealth;
  readonly lastError?: InstallationError;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
