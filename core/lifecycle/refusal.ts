import { type InstallationState, isRunning, isTransitional, type LifecycleEvent } from './states';

/** The events people ask for (each is a route); the others are the platform's own steps. */
const REQUESTED: readonly LifecycleEvent[] = ['install', 'enable', 'disable', 'upgrade', 'uninstall'];

const UNDER_WAY: Readonly<Record<string, string>> = {
  Provisioning: 'being enabled',
  Deprovisioning: 'being disabled',
  Uninstalling: 'being uninstalled',
};

/**
 * Why `event` is refused from `state`, in the words of the person who asked: "already enabled"
 * rather than the table's internal events (`health_failed`, `provisioned`), which they cannot
 * send. The problem document still carries every legal event for machines.
 */
export function refusalOf(
  state: InstallationState,
  event: LifecycleEvent,
  legal: readonly LifecycleEvent[],
): string {
  if (event === 'enable' && isRunning(state)) return `The plugin is already enabled (${state}).`;
  if (event === 'disable' && state === 'Disabled') return 'The plugin is already disabled.';
  if (isTransitional(state))
    return `The plugin is ${UNDER_WAY[state]} (${state}); wait for that to finish, then try again.`;
  const now = legal.filter((e) => REQUESTED.includes(e));
  return `Cannot ${event} an installation that is ${state}; ${
    now.length > 0 ? `from ${state} it can: ${now.join(', ')}` : 'no request is possible from it'
  }.`;
}
