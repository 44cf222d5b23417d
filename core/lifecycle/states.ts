/**
 * The states and events of a tenant's installation of a plugin. The seed's lifecycle
 * (Unregistered -> Registered -> Active <-> Disabled, Active <-> Unhealthy, Disabled -> Unregistered)
 * is kept, and each step that touches infrastructure runs from a transitional state so that a
 * crash or failure mid-step is visible and has a defined way out.
 */

export const INSTALLATION_STATES = [
  /** No installation: the seed's start state, and where a finished uninstall ends. */
  'Unregistered',
  /** Installed and configurable, not serving. Also where a failed enable comes back to. */
  'Registered',
  /** Enable in progress: runtime and subscriptions are being provisioned. */
  'Provisioning',
  /** Running and serving all three lanes. */
  'Active',
  /** Running but failing health checks; still provisioned, so it can recover on its own. */
  'Unhealthy',
  /** Disable in progress: the runtime is being stopped. */
  'Deprovisioning',
  /** Stopped by a deliberate, successful disable; resources kept so enable is quick. */
  'Disabled',
  /** Uninstall in progress: runtime, queues, rules and secrets are being removed. */
  'Uninstalling',
  /** A stop or removal did not finish: the runtime may still exist. Only ways out are offered. */
  'Failed',
] as const;
export type InstallationState = (typeof INSTALLATION_STATES)[number];

export const LIFECYCLE_EVENTS = [
  'install',
  'enable',
  'provisioned',
  'provision_failed',
  'disable',
  'deprovisioned',
  'deprovision_failed',
  'health_failed',
  'health_restored',
  'upgrade',
  'uninstall',
  'uninstalled',
  'uninstall_failed',
  'retry',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** States in which a provisioning step is running; each has a success and a failure way out. */
export type TransitionalState = 'Provisioning' | 'Deprovisioning' | 'Uninstalling';

/**
 * The event that ends each transitional state in failure. A sweeper that finds an installation in a
 * transitional state past its deadline (the worker crashed or timed out) sends this event with a
 * "timed out" lastError, so no installation waits forever for a step nobody is running.
 */
export const FAILURE_EVENT_OF: Readonly<Record<TransitionalState, LifecycleEvent>> = {
  Provisioning: 'provision_failed',
  Deprovisioning: 'deprovision_failed',
  Uninstalling: 'uninstall_failed',
};

/** Events that report a failed step: the caller records `lastError` on the installation with them. */
export const FAILURE_EVENTS: readonly LifecycleEvent[] = Object.values(FAILURE_EVENT_OF);

export const isTransitional = (state: InstallationState): state is TransitionalState =>
  Object.hasOwn(FAILURE_EVENT_OF, state);

export const isFailureEvent = (event: LifecycleEvent): boolean => FAILURE_EVENTS.includes(event);

/**
 * The states of a provisioned installation whose runtime serves: Unhealthy is still running (it
 * may recover on its own), so it keeps its lanes and is health-checked like Active.
 */
export const RUNNING_STATES = ['Active', 'Unhealthy'] as const satisfies readonly InstallationState[];
export type RunningState = (typeof RUNNING_STATES)[number];

export const isRunning = (state: InstallationState): state is RunningState =>
  (RUNNING_STATES as readonly InstallationState[]).includes(state);
