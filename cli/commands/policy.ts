import type { Command } from 'commander';
import type {
  Decision,
  Explanation,
  PluginMatrix,
  SimulateBody,
  SimulatedDecision,
  SimulatedPrincipal,
  SimulationAnswer,
} from '../../functions/wire';
import { api, readProfile, UsageError } from '../client';
import { fail, print, table } from '../output';

/*
 * `vivified policy`: what a plugin or role may do, as the platform's policy decides it
 * (POST .../policy/simulate), and why an audit record decided as it did (GET .../audit/{seq}/explain).
 */

interface SimulateFlags {
  installation?: string;
  plugin?: string;
  role?: string;
  action?: string;
  resource?: string[];
  all?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--plugin storage@1.2.0`, `--installation notifier` or `--role admin`: exactly one. */
function principalOf(flags: SimulateFlags): SimulatedPrincipal {
  const given = [flags.installation, flags.plugin, flags.role].filter((flag) => flag !== undefined);
  if (given.length !== 1) throw new UsageError('Name exactly one of --installation, --plugin or --role.');
  if (flags.installation) return { installation: flags.installation };
  if (flags.role) return { role: flags.role as SimulatedPrincipal['role'] };
  const [pluginId, version] = flags.plugin!.split('@');
  if (!pluginId || !version) throw new UsageError('--plugin takes a plugin and version: ID@VERSION.');
  return { pluginId, version };
}

/** `--resource key=value` pairs (repeatable; `secrets` takes a comma-separated list). */
function resourceOf(pairs: readonly string[] = []): SimulateBody['resource'] {
  if (pairs.length === 0) return undefined;
  const resource: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--resource takes key=value, not ${JSON.stringify(pair)}.`);
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    resource[key] = key === 'secrets' ? value.split(',').filter(Boolean) : value;
  }
  return resource as SimulateBody['resource'];
}

const verdict = (decision: Decision | undefined) =>
  decision === undefined ? 'not asked' : `${decision.effect} (${decision.rule ?? 'no rule'})`;

const redacted = (decision: Decision) => (decision.obligations.redactFields ?? []).join(', ') || '-';

function decisionText(answer: SimulatedDecision): string {
  const lines = [`${answer.action}: ${answer.effect.toUpperCase()}`];
  for (const check of answer.checks)
    lines.push(`  check ${check.rule}: ${check.allowed ? 'passed' : `refused: ${check.reason}`}`);
  if (answer.decision) {
    lines.push(`  decide: ${verdict(answer.decision)}`);
    for (const reason of answer.decision.reasons) lines.push(`    ${reason}`);
    if (answer.decision.obligations.redactFields?.length)
      lines.push(`    redacted: ${redacted(answer.decision)}`);
  }
  return lines.join('\n');
}

function pluginMatrixText(matrix: PluginMatrix): string {
  const rows = [
    ...matrix.publishes.map((e) => ({
      what: 'publish',
      on: e.eventType,
      decision: verdict(e.decision),
      detail: e.subscribers.map((s) => `${s.pluginId} gets it without ${redacted(s.decision)}`).join('; '),
    })),
    ...matrix.receives.map((e) => ({
      what: 'receive',
      on: e.eventType,
      decision: verdict(e.decision),
      detail: `redacted: ${redacted(e.decision)}`,
    })),
    ...matrix.calls.map((e) => ({
      what: 'call',
      on: `${e.pluginId}.${e.operation}`,
      decision: e.decision ? verdict(e.decision) : 'deny (not installed)',
      detail: '',
    })),
    ...matrix.calledWith.map((e) => ({
      what: 'called by',
      on: `${e.pluginId} → ${e.operation}`,
      decision: verdict(e.decision),
      detail: '',
    })),
    ...matrix.egress.map((e) => ({
      what: 'egress',
      on: `${e.host} (any path)`,
      decision: verdict(e.decision),
      detail: e.secrets.length ? `secrets: ${e.secrets.join(', ')}` : '',
    })),
    ...matrix.config.map((e) => ({
      what: 'config',
      on: e.setting,
      decision: 'read',
      detail: e.secret ? 'secret: by name only' : '',
    })),
  ];
  return rows.length === 0 ? 'It may do nothing.' : table(rows, ['what', 'on', 'decision', 'detail']);
}

function simulationText(answer: SimulationAnswer): string {
  const { subject } = answer;
  const who =
    subject.kind === 'role'
      ? `role ${subject.role}`
      : `${subject.kind} ${subject.pluginId}@${subject.version}${subject.state ? ` (${subject.state})` : ''}`;
  if ('decision' in answer) return `${who}\n${decisionText(answer.decision)}`;
  const { matrix } = answer;
  if (matrix.kind === 'role') {
    return `${who}\n${table(
      matrix.actions.map((a) => ({
        action: a.action,
        decision: verdict(a.decision),
        reason: a.decision.reasons[0],
      })),
      ['action', 'decision', 'reason'],
    )}`;
  }
  return `${who}\n${pluginMatrixText(matrix)}`;
}

function explanationText(explanation: Explanation): string {
  const { record } = explanation;
  const lines = [
    `record ${record.seq} (${record.time}): ${record.action} ${record.decision}${record.rule ? ` by rule ${record.rule}` : ''}`,
    ...record.reasons.map((reason) => `  ${reason}`),
  ];
  if (explanation.replay) {
    lines.push(
      `asked again with the recorded inputs: ${verdict(explanation.replay.decision)} — ${explanation.replay.same ? 'the same decision' : 'a DIFFERENT decision'}`,
    );
    for (const difference of explanation.replay.differences) lines.push(`  ${difference}`);
  }
  if (explanation.today) {
    lines.push(
      `with today's facts (${explanation.today.facts.join('; ')}): ${verdict(explanation.today.decision)} — ${explanation.today.same ? 'the same decision' : 'a DIFFERENT decision'}`,
    );
  }
  if (explanation.unexplained) lines.push(`not asked again: ${explanation.unexplained}`);
  return lines.join('\n');
}

export function policyCommands(program: Command): void {
  const run =
    (action: (...args: any[]) => Promise<void>) =>
    (...args: any[]) =>
      action(...args).catch(fail);
  const tenantOf = () => {
    const profile = readProfile(program.opts());
    if (!profile.tenant)
      throw new UsageError('No tenant: pass --tenant, set VIVIFIED_TENANT, or log in with one.');
    return { profile, tenantId: profile.tenant };
  };
  const policy = program
    .command('policy')
    .description('What policy lets a plugin or role do, and why it decided');

  policy
    .command('simulate')
    .description('Ask policy about a plugin (installed or proposed) or a role, changing nothing')
    .option('--installation <pluginId>', 'one of the tenant’s installations')
    .option('--plugin <id@version>', 'a catalog version, as if installed and enabled')
    .option('--role <role>', 'a tenant user with this one role')
    .option('--action <action>', 'one action, e.g. proxy.egress, operator.call, installation.configure')
    .option(
      '--resource <key=value>',
      'what the action is about (repeatable): eventType=, targetPluginId=, operation=, url=, secrets=a,b, pluginId=',
      collect,
    )
    .option('--all', 'everything it may do: the full matrix')
    .option('--json', 'machine-readable output')
    .action(
      run(async (flags: SimulateFlags) => {
        if (Boolean(flags.all) === Boolean(flags.action))
          throw new UsageError('Give --action (with --resource) or --all.');
        if (flags.all && flags.resource)
          throw new UsageError('--resource asks about one --action, not --all.');
        const body: SimulateBody = {
          principal: principalOf(flags),
          ...(flags.all ? { all: true } : { action: flags.action, resource: resourceOf(flags.resource) }),
        };
        const { profile, tenantId } = tenantOf();
        const answer = await api(profile, 'policy.simulate', { params: { tenantId }, body });
        print(Boolean(flags.json), answer, () => simulationText(answer));
      }),
    );

  policy
    .command('explain <seq>')
    .description(
      'Why an audit record (its SEQ in `vivified audit list`) decided as it did, and would it today',
    )
    .option('--json', 'machine-readable output')
    .action(
      run(async (seq: string, flags: { json?: boolean }) => {
        const { profile, tenantId } = tenantOf();
        const explanation = await api(profile, 'audit.explain', { params: { tenantId, seq } });
        print(Boolean(flags.json), explanation, () => explanationText(explanation));
      }),
    );
}
