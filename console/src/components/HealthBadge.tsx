import type { HealthStatus } from '../../../functions/wire/admin';

/** The health verdict beside the lifecycle state: an Active plugin that dead-letters reads degraded. */
const SHOWN: Readonly<Record<HealthStatus, { text: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }>> = {
  healthy: { text: 'healthy', tone: 'ok' },
  degraded: { text: 'needs attention', tone: 'warn' },
  unhealthy: { text: 'unhealthy', tone: 'bad' },
  not_running: { text: 'not running', tone: 'idle' },
  asleep: { text: 'asleep', tone: 'idle' },
};

export function HealthBadge({ status }: { status: HealthStatus }) {
  const shown = SHOWN[status];
  return (
    <span className={`badge badge-${shown.tone}`} data-health={status}>
      {shown.text}
    </span>
  );
}
