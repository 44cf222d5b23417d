import type { Command } from 'commander';
import type { Rollout, RolloutBody } from '../../functions/wire';
import { api, readProfile, UsageError } from '../client';
import { print, table } from '../output';

type Flags = { json?: boolean; endpoint?: string; token?: string };
type StartFlags = Flags & {
  tenants?: string;
  percent?: string;
  wave?: string[];
  maxUnhealthy: string;
  maxDeadLetters: string;
  errorMargin: string;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A number as typed; the API judges its range (a 400 naming the field, exit 7). */
const numberOf = (option: string, raw: string): number => {
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value))
    throw new UsageError(`${option} expects a number, got ${raw}`);
  return value;
};

/** `--wave SIZE:SOAK_SECONDS`, repeated, in order. */
const wavesOf = (list: readonly string[] = []) => {
  if (list.length === 0) throw new UsageError('A rollout needs at least one --wave SIZE:SOAK_SECONDS.');
  return list.map((wave) => {
    const [size, soak, ...rest] = wave.split(':');
    if (size === undefined || soak === undefined || rest.length > 0)
      throw new UsageError(`--wave expects SIZE:SOAK_SECONDS, got ${wave}`);
    return { size: numberOf('--wave SIZE', size), soakSeconds: numberOf('--wave SOAK_SECONDS', soak) };
  });
};

/** The plan from the flags: named tenants or a percentage, one of the two. */
export function planOf(version: string, flags: StartFlags): RolloutBody {
  if ((flags.tenants === undefined) === (flags.percent === undefined))
    throw new UsageError('Pass either --tenants a,b or --percent N.');
  return {
    version,
    targets:
      flags.tenants !== undefined
        ? { kind: 'tenants', tenantIds: flags.tenants.split(',').map((id) => id.trim()) }
        : { kind: 'percentage', percent: numberOf('--percent', flags.percent ?? '') },
    waves: wavesOf(flags.wave),
    gates: {
      maxUnhealthy: numberOf('--max-unhealthy', flags.maxUnhealthy),
      maxDeadLetters: numberOf('--max-dead-letters', flags.maxDeadLetters),
      errorRateMargin: numberOf('--error-margin', flags.errorMargin),
    },
  };
}

/** What `status` and the commands print: the phase, each member, then why any member's upgrade failed. */
export function rolloutReport(rollout: Rollout): string {
  const { plan } = rollout;
  const failing = rollout.members.filter((member) => member.lastError !== undefined);
  return [
    `${plan.pluginId}@${plan.version}: ${rollout.phase}, wave ${rollout.wave + 1} of ${plan.waves.length}` +
      (rollout.soakUntil ? `, soaking until ${rollout.soakUntil}` : '') +
      (rollout.haltReason ? ` (${rollout.haltReason})` : ''),
    rollout.members.length === 0
      ? 'no installations in this rollout'
      : table(
          rollout.members.map((member) => ({
            tenant: member.tenantId,
            wave: String(member.wave + 1),
            from: member.fromVersion,
            status: member.status,
            failures: member.failures ? String(member.failures) : '',
          })),
          ['tenant', 'wave', 'from', 'status', 'failures'],
        ),
    ...failing.map((member) => `${member.tenantId}: last upgrade failed: ${member.lastError}`),
  ].join('\n');
}

/** `vivified plugins rollout start|status|pause|resume|halt|rollback` (platform admin). */
export function rolloutCommands(
  plugins: Command,
  program: Command,
  run: (action: (...args: any[]) => Promise<void>) => (...args: any[]) => void,
) {
  const rollout = plugins
    .command('rollout')
    .description('Roll a plugin version out to tenants in waves (platform admin)');

  rollout
    .command('start <pluginId> <version>')
    .description('Start a rollout: waves with a soak each, halted and rolled back when a gate fails')
    .option('--tenants <ids>', 'named tenants, comma-separated')
    .option('--percent <n>', 'a stable share of the tenants with the plugin installed')
    .option(
      '--wave <size:soakSeconds>',
      'a wave: how many installations, how long they soak (repeatable, in order)',
      collect,
    )
    .option('--max-unhealthy <n>', 'Unhealthy or Failed installations on the new version allowed', '0')
    .option('--max-dead-letters <n>', 'dead-lettered events allowed, summed', '0')
    .option(
      '--error-margin <f>',
      'how much the new version’s error rate may exceed the old one’s (0–1)',
      '0.05',
    )
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, version: string, flags: StartFlags) => {
        const merged = { ...program.opts(), ...flags } as StartFlags;
        const body = planOf(version, merged);
        const started = await api(readProfile(merged), 'catalog.rollout', { params: { pluginId }, body });
        print(Boolean(merged.json), started, () => rolloutReport(started));
      }),
    );

  rollout
    .command('status <pluginId>')
    .description('Show a plugin’s latest rollout')
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, flags: Flags) => {
        const merged = { ...program.opts(), ...flags } as Flags;
        const status = await api(readProfile(merged), 'catalog.rollout.read', { params: { pluginId } });
        print(Boolean(merged.json), status, () => rolloutReport(status));
      }),
    );

  for (const [command, description] of [
    ['pause', 'Pause the rollout (resuming restarts the soak)'],
    ['resume', 'Resume a paused rollout'],
    ['halt', 'Stop the rollout, leaving installations as they are'],
    ['rollback', 'Return every installation moved so far to its version'],
  ] as const) {
    rollout
      .command(`${command} <pluginId>`)
      .description(description)
      .option('--json', 'machine-readable output')
      .action(
        run(async (pluginId: string, flags: Flags) => {
          const merged = { ...program.opts(), ...flags } as Flags;
          const next = await api(readProfile(merged), 'catalog.rollout.control', {
            params: { pluginId, command },
          });
          print(Boolean(merged.json), next, () => rolloutReport(next));
        }),
      );
  }
}
