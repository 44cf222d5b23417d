import type { InstallationState, LifecycleEvent } from './states';

/**
 * The lifecycle as data: for each state, the events legal from it and the state each leads to.
 * Anything not listed is illegal (a 409 naming the legal events). Rules the table encodes:
 *
 * - Every transitional state has exactly a success and a failure exit, and a sweeper can send the
 *   failure event (see `FAILURE_EVENT_OF`), so nothing is left in limbo.
 * - A failed enable lands in Registered with lastError: the orchestrator stops whatever it started
 *   (every runtime port method is idempotent), so "not serving" is true; `enable` is the retry.
 *   Disabled is reached only by a successful disable, so it always means "an operator stopped it".
 * - A failed disable or uninstall lands in Failed: the runtime may still exist against the
 *   operator's wish, so Failed offers only ways to a known state: `retry` (re-run the stop),
 *   `uninstall` (remove everything) or `enable` (start is idempotent, too).
 * - Uninstall is refused while running (the seed's Disabled -> Unregistered): disable first.
 * - Health reports may repeat (the schedule delivers at least once), so a report that matches the
 *   current health is legal and changes nothing.
 * - Upgrade only swaps the version of a stopped installation; upgrading a running one would need a
 *   redeploy state of its own, so it is disable, upgrade, enable.
 */
export const TRANSITIONS: Readonly<
  Record<InstallationState, Readonly<Partial<Record<LifecycleEvent, InstallationState>>>>
> = {
  Unregistered: { install: 'Registered' },
  Registered: { enable: 'Provisioning', upgrade: 'Registered', uninstall: 'Uninstalling' },
  Provisioning: { provisioned: 'Active', provision_failed: 'Registered' },
  Active: { disable: 'Deprovisioning', health_failed: 'Unhealthy', health_restored: 'Active' },
  Unhealthy: { disable: 'Deprovisioning', health_failed: 'Unhealthy', health_restored: 'Active' },
  Deprovisioning: { deprovisioned: 'Disabled', deprovision_failed: 'Failed' },
  Disabled: { enable: 'Provisioning', upgrade: 'Disabled', uninstall: 'Uninstalling' },
  Uninstalling: { uninstalled: 'Unregistered', uninstall_failed: 'Failed' },
  Failed: { retry: 'Deprovisioning', enable: 'Provisioning', uninstall: 'Uninstalling' },
};
