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

export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`badge badge-${TONE[state] ?? 'idle'}`} data-state={state}>
      {state}
    </span>
  );
}
