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
  /** Scales to zero, keeping the definition (disable, or idle). A missing service counts as stopped. */
  stop(installationId: string): Promise<void>;
  /** One copy again after `stop` for being idle (./RuntimeWaker). A missing service stays missing. */
  wake(installationId: string): Promise<void>;
  /** Deletes everything `start` made (uninstall, or undoing a failed enable). Missing pieces count as removed. */
  remove(installationId: string): Promise<void>;
  status(installationId: string): Promise<RuntimeStatus>;
  /**
   * Replaces the credential a (re)started copy will get, so a task restarted hours later does not
   * start with an expired one. Running copies rotate their own through the self-service route.
   */
  rotateCredential(installationId: string, credential: string): Promise<void>;
}

/**
 * What the health round asks of the runtime: whether an installation runs, and a fresh credential
 * for its next start. Nothing that creates or deletes services, definitions or task roles, so the
 * health function holds none of the lifecycle's permissions.
 */
export type RuntimeProbe = Pick<PluginRuntime, 'status' | 'rotateCredential'>;

/**
 * Brings an installation scaled to zero for being idle back to one copy, with the definition and
 * credential it had. Idempotent: waking a running installation does nothing.
 */
export interface RuntimeWaker {
  wake(installationId: string): Promise<void>;
}

/** What scale-to-zero asks of the runtime: whether a copy runs, stopping the idle, waking the wanted. */
export type IdleRuntime = Pick<PluginRuntime, 'status' | 'stop'> & RuntimeWaker;
