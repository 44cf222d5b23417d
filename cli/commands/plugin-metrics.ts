import type { Command } from 'commander';
import type { InstallationMetrics } from '../../functions/wire';
import { api, readProfile, UsageError } from '../client';
import { print, table } from '../output';

type Flags = { json?: boolean; window?: string; tenant?: string; endpoint?: string; token?: string };

const BARS = '▁▂▃▄▅▆▇█';

/** A series as one line of block characters, scaled to its own peak; a space where it is empty. */
export const sparkline = (values: ReadonlyArray<number | null>): string => {
  const peak = Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) =>
      !v || peak === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((v / peak) * BARS.length))],
    )
    .join('');
};

const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const worst = (values: ReadonlyArray<number | null>) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? `${Math.max(...present)} ms` : '-';
};

/** What `vivified plugins metrics` prints: per lane its totals and the worst bucket, then egress and events. */
export function metricsReport(pluginId: string, metrics: InstallationMetrics): string {
  const per = metrics.bucketSeconds === 60 ? 'minute' : `${metrics.bucketSeconds / 60} minutes`;
  const lines = [
    `${pluginId}: lane metrics of the last ${metrics.window} from ${metrics.start}, one column per ${per}`,
  ];
  if (metrics.lanes.length === 0) lines.push('no lane calls in this window');
  else
    lines.push(
      table(
        metrics.lanes.map((lane) => ({
          lane: lane.lane,
          calls: String(total(lane.calls)),
          errors: String(total(lane.errors)),
          'worst p50': worst(lane.p50),
          'worst p95': worst(lane.p95),
          'calls over time': sparkline(lane.calls),
        })),
        ['lane', 'calls', 'errors', 'worst p50', 'worst p95', 'calls over time'],
      ),
    );
  if (metrics.egress.length > 0)
    lines.push(
      table(
        metrics.egress.map((host) => ({
          host: host.host,
          calls: String(total(host.calls)),
          'over time': sparkline(host.calls),
        })),
        ['host', 'calls', 'over time'],
      ),
    );
  lines.push(
    [
      metrics.events?.delivered
        ? `events delivered: ${total(metrics.events.delivered)}`
        : 'events delivered: not measured here (locally the plugin polls its queue itself)',
      metrics.events
        ? `most dead letters waiting: ${Math.max(0, ...metrics.events.deadLettered.filter((n) => n !== null))}`
        : 'dead letters: not sampled yet',
    ].join(', '),
  );
  return lines.join('\n');
}

/** `vivified plugins metrics <pluginId> [--window hour|day] [--json]`. */
export function pluginMetricsCommand(
  plugins: Command,
  program: Command,
  run: (action: (...args: any[]) => Promise<void>) => (...args: any[]) => void,
) {
  plugins
    .command('metrics <pluginId>')
    .description('Lane metrics over the last hour or day: calls, errors, latency, egress by host, events')
    .option('--window <hour|day>', 'the window', 'hour')
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, flags: Flags) => {
        const merged = { ...program.opts(), ...flags } as Flags;
        if (merged.window !== 'hour' && merged.window !== 'day')
          throw new UsageError(`--window must be hour or day, got ${merged.window}`);
        const profile = readProfile(merged);
        if (!profile.tenant)
          throw new UsageError('No tenant: pass --tenant, set VIVIFIED_TENANT, or log in with one.');
        const metrics = await api(profile, 'installation.metrics', {
          params: { tenantId: profile.tenant, pluginId },
          query: { window: merged.window },
        });
        print(Boolean(merged.json), metrics, () => metricsReport(pluginId, metrics));
      }),
    );
}
