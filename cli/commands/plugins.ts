import type { Command } from 'commander';
import type { ConfigView, PermissionDiff, PluginManifest } from '../../functions/wire';
import { api, readProfile, UsageError } from '../client';
import { readManifestFile } from '../manifest-file';
import { fail, print, state, table } from '../output';
import { answerInputProblem } from './input-problem';
import { pluginMetricsCommand } from './plugin-metrics';
import { rolloutCommands } from './rollout';

type Flags = { json?: boolean; tenant?: string; endpoint?: string; token?: string };

const tenantOf = (flags: Flags) => {
  const profile = readProfile(flags);
  if (!profile.tenant)
    throw new UsageError('No tenant: pass --tenant, set VIVIFIED_TENANT, or log in with one.');
  return { profile, tenantId: profile.tenant };
};

/** Splits `key=value` at its first `=` (values may hold more). */
const split = (option: string, pair: string): [string, string] => {
  const at = pair.indexOf('=');
  if (at < 1) throw new UsageError(`${option} expects key=value, got ${pair}`);
  return [pair.slice(0, at), pair.slice(at + 1)];
};

/** Parses repeated `--set key=value` options; values that read as JSON (numbers, booleans) are taken as such. */
const settings = (list: readonly string[] = []) =>
  Object.fromEntries(
    list.map((pair) => {
      const [key, raw] = split('--set', pair);
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // Plain text stays text.
      }
      return [key, value];
    }),
  );

/** Parses repeated `--secret key=value` options: secrets are strings, taken as typed. */
const secrets = (list: readonly string[] = []) =>
  Object.fromEntries(list.map((pair) => split('--secret', pair)));

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function pluginCommands(program: Command): void {
  const plugins = program
    .command('plugins')
    .description('Browse the catalog and manage a tenant’s installations');
  const run =
    (action: (...args: any[]) => Promise<void>) =>
    (...args: any[]) =>
      action(...args).catch(fail);

  plugins
    .command('list')
    .description('List the tenant’s installed plugins')
    .option('--json', 'machine-readable output')
    .action(
      run(async (flags: Flags) => {
        const { profile, tenantId } = tenantOf({ ...program.opts(), ...flags });
        const page = await api(profile, 'installation.list', {
          params: { tenantId },
          query: { limit: '100' },
        });
        print(Boolean(flags.json), page.items, () =>
          page.items.length === 0
            ? 'No plugins installed.'
            : table(
                page.items.map((i) => ({
                  plugin: i.pluginId,
                  version: i.pluginVersion,
                  state: state(i.state),
                  updated: i.updatedAt,
                })),
                ['plugin', 'version', 'state', 'updated'],
              ),
        );
      }),
    );

  plugins
    .command('catalog')
    .description('Browse the catalog')
    .option('--category <category>')
    .option('--trait <trait>')
    .option('-q, --query <text>')
    .option('--json', 'machine-readable output')
    .action(
      run(async (flags: Flags & { category?: string; trait?: string; query?: string }) => {
        const profile = readProfile({ ...program.opts(), ...flags });
        const page = await api(profile, 'catalog.browse', {
          query: { limit: '100', category: flags.category, trait: flags.trait, q: flags.query },
        });
        print(Boolean(flags.json), page.items, () =>
          table(
            page.items.map((p) => ({
              plugin: p.pluginId,
              latest: p.latestVersion,
              categories: p.categories.join(','),
              name: p.name,
            })),
            ['plugin', 'latest', 'categories', 'name'],
          ),
        );
      }),
    );

  plugins
    .command('show <pluginId>')
    .description('Show a plugin and, in plain words, the permissions it asks for')
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, flags: Flags) => {
        const profile = readProfile({ ...program.opts(), ...flags });
        const plugin = await api(profile, 'catalog.read', { params: { pluginId } });
        print(Boolean(flags.json), plugin, () =>
          [
            `${plugin.name} (${plugin.pluginId}@${plugin.latestVersion})`,
            plugin.description ?? '',
            'Asks for:',
            ...plugin.permissions.map((p) => `  - ${p}`),
          ].join('\n'),
        );
      }),
    );

  plugins
    .command('register <manifest>')
    .description('Register a manifest version in the catalog (platform admin)')
    .action(
      run(async (file: string) => {
        let manifest: PluginManifest;
        try {
          // Sent as read (JSON or YAML): the API validates the manifest and names every error.
          manifest = readManifestFile(file) as PluginManifest;
        } catch (error) {
          answerInputProblem(error, false);
          return;
        }
        const entry = await api(readProfile(program.opts()), 'catalog.register', { body: manifest });
        process.stdout.write(`registered ${entry.pluginId}@${entry.latestVersion}\n`);
      }),
    );

  plugins
    .command('install <pluginId>')
    .description('Install a plugin, consenting to the permissions it asks for')
    .option('--version <version>')
    .option('--yes', 'consent to the permissions without asking')
    .action(
      run(async (pluginId: string, flags: Flags & { version?: string; yes?: boolean }) => {
        const { profile, tenantId } = tenantOf({ ...program.opts(), ...flags });
        if (!flags.yes)
          throw new UsageError(
            'Installing needs consent to the plugin’s permissions: review them with `vivified plugins show`, then pass --yes.',
          );
        const installed = await api(profile, 'installation.install', {
          params: { tenantId },
          body: { pluginId, ...(flags.version ? { version: flags.version } : {}), consent: true },
        });
        process.stdout.write(`${pluginId}@${installed.pluginVersion} is ${state(installed.state)}\n`);
      }),
    );

  for (const [verb, description] of [
    ['enable', 'Provision and run an installed plugin'],
    ['disable', 'Stop a plugin, keeping its resources'],
  ] as const) {
    plugins
      .command(`${verb} <pluginId>`)
      .description(description)
      .action(
        run(async (pluginId: string) => {
          const { profile, tenantId } = tenantOf(program.opts());
          const result = await api(profile, `installation.${verb}`, { params: { tenantId, pluginId } });
          process.stdout.write(`${pluginId} is ${state(result.state)}\n`);
        }),
      );
  }

  plugins
    .command('uninstall <pluginId>')
    .description('Remove a stopped plugin and everything provisioned for it')
    .action(
      run(async (pluginId: string) => {
        const { profile, tenantId } = tenantOf(program.opts());
        await api(profile, 'installation.uninstall', { params: { tenantId, pluginId } });
        process.stdout.write(`${pluginId} uninstalled\n`);
      }),
    );

  plugins
    .command('config <pluginId>')
    .description('Show config, or replace it with --set/--secret (secrets are write-only)')
    .option('--set <key=value>', 'a setting (repeatable)', collect)
    .option('--secret <key=value>', 'a secret setting (repeatable)', collect)
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, flags: Flags & { set?: string[]; secret?: string[] }) => {
        const { profile, tenantId } = tenantOf({ ...program.opts(), ...flags });
        const params = { tenantId, pluginId };
        const changes = { ...settings(flags.set), ...secrets(flags.secret) };
        const current = await api(profile, 'installation.config.read', { params });
        const config =
          Object.keys(changes).length === 0
            ? current
            : await api(profile, 'installation.configure', {
                params,
                body: { values: { ...withoutMasks(current), ...changes } },
              });
        print(Boolean(flags.json), config, () =>
          [
            table(
              Object.entries(config.values).map(([key, value]) => ({ key, value: String(value) })),
              ['key', 'value'],
            ),
            ...config.secrets.map(
              (s) =>
                `${s.name} is sent ${s.declared ? `only to ${s.sentTo.join(', ')}` : s.sentTo.length > 0 ? 'to any allowlisted host' : 'nowhere (no allowlisted host)'}`,
            ),
          ].join('\n'),
        );
      }),
    );

  plugins
    .command('health <pluginId>')
    .description('Health status and recent checks')
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, flags: Flags) => {
        const { profile, tenantId } = tenantOf({ ...program.opts(), ...flags });
        const health = await api(profile, 'installation.health', { params: { tenantId, pluginId } });
        print(Boolean(flags.json), health, () =>
          [
            `${pluginId}: ${state(health.state)}, ${health.status.replace('_', ' ')} (${health.runtime.running}/${health.runtime.desired} running, ${health.consecutiveFailures} consecutive failures)`,
            ...health.reasons.map((reason) => `  ${reason}`),
            ...(health.deadLetters > 0 ? [`  redeliver with \`vivified plugins redrive ${pluginId}\``] : []),
            // Newest first, as stored.
            ...health.history.map((h) => `  ${h.at}  ${h.healthy ? 'ok  ' : 'FAIL'}  ${h.detail}`),
          ].join('\n'),
        );
      }),
    );

  pluginMetricsCommand(plugins, program, run);
  rolloutCommands(plugins, program, run);

  plugins
    .command('redrive <pluginId>')
    .description('Send the events in the dead-letter queue back to the plugin for another delivery')
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, flags: Flags) => {
        const { profile, tenantId } = tenantOf({ ...program.opts(), ...flags });
        const result = await api(profile, 'installation.redrive', { params: { tenantId, pluginId } });
        print(Boolean(flags.json), result, () =>
          result.moving > 0
            ? `${result.moving} dead-lettered event(s) of ${pluginId} sent back for redelivery`
            : `${pluginId} has no dead-lettered events`,
        );
      }),
    );

  plugins
    .command('upgrade <pluginId> <version>')
    .description('Upgrade a stopped plugin; shows the new permissions, applies them with --yes')
    .option('--yes', 'consent to the new permissions')
    .option('--json', 'machine-readable output')
    .action(
      run(async (pluginId: string, version: string, flags: Flags & { yes?: boolean }) => {
        const { profile, tenantId } = tenantOf({ ...program.opts(), ...flags });
        const result = await api(profile, 'installation.upgrade', {
          params: { tenantId, pluginId },
          body: { version, ...(flags.yes ? { consent: true } : {}) },
        });
        print(Boolean(flags.json), result, () => {
          const lines = (sign: string, changes: PermissionDiff['added']) =>
            Object.entries(changes)
              .filter(([, list]) => list.length > 0)
              .map(([kind, list]) => `  ${sign} ${kind}: ${list.join(', ')}`);
          return [
            result.applied
              ? `${pluginId} upgraded ${result.from} → ${result.to}`
              : `${pluginId} ${result.from} → ${result.to} needs consent (--yes) to:`,
            ...lines('+', result.diff.added),
            // A withdrawn HIPAA safeguard needs consent too; what is no longer asked for is shown beside it.
            ...lines('-', result.diff.removed),
          ].join('\n');
        });
      }),
    );
}

/** The masked secrets a config read returns must not be sent back as values: omitting them keeps them. */
function withoutMasks(config: ConfigView) {
  const secretNames = new Set(config.secrets.map((s) => s.name));
  return Object.fromEntries(Object.entries(config.values).filter(([key]) => !secretNames.has(key)));
}
