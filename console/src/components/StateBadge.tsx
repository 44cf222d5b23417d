/** Installation lifecycle states, grouped by what they mean to an operator. */
const TONE: Readonly<Record<string, 'ok' | 'busy' | 'warn' | 'bad' | 'idle'>> = {
  Active: 'ok',
  Registered: 'idle',
  Disabled: 'idle',
  Provisioning: 'busy',
  Deprovisioning: 'busy',
  Uninstalling: 'busy',
  Unhealthy: 'warn',
  Failed: 'bad',
};

/**
 * What a person calls a state where the lifecycle's name misleads: an installed plugin not yet
 * enabled is `Registered` in the lifecycle (the seed's name), but to a tenant it is installed.
 */
const SHOWN_AS: Readonly<Record<string, string>> = { Registered: 'Installed' };

export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`badge badge-${TONE[state] ?? 'idle'}`} data-state={state}>
      {SHOWN_AS[state] ?? state}
    </span>
  );
}
