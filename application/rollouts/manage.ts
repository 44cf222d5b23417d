import { ConcurrentModificationError, NotFoundError } from '../../core/errors';
import type { Principal } from '../../core/policy';
import type { RolloutDriver } from '../../core/ports';
import {
  command,
  type Installed,
  type Rollout,
  type RolloutCommand,
  type RolloutPlan,
  STEPPING_PHASES,
  startRollout,
} from '../../core/rollout';
import type { Unvalidated } from '../attempt';
import { guard } from '../guard';
import type { RolloutDeps } from './deps';

interface RolloutAsk {
  readonly principal: Principal;
  readonly pluginId: string;
  readonly traceId: string;
}

/** What starting, reading and commanding a rollout use: none of the lifecycle's, which only ticks act through. */
export type ManageDeps = Pick<
  RolloutDeps,
  'rollouts' | 'tenants' | 'installations' | 'catalog' | 'audit' | 'metrics' | 'now'
> & {
  /** Started once a rollout can step again: after a start, a resume or a rollback. */
  readonly rolloutDriver: RolloutDriver;
};

const targetOf = (pluginId: string) => ({ kind: 'plugin', id: pluginId });

/** The installations a plan could reach: the named tenants', or every tenant's for a percentage. */
async function installedFor(deps: ManageDeps, plan: RolloutPlan): Promise<Installed[]> {
  const tenantIds: string[] = [];
  if (plan.targets.kind === 'tenants') tenantIds.push(...plan.targets.tenantIds);
  else {
    let cursor: string | undefined;
    do {
      const page = await deps.tenants.list(100, cursor);
      tenantIds.push(...page.items.map((tenant) => tenant.id));
      cursor = page.cursor;
    } while (cursor);
  }
  const found: Installed[] = [];
  for (const tenantId of tenantIds) {
    const installation = await deps.installations.get(tenantId, plan.pluginId);
    if (installation) found.push({ tenantId, version: installation.pluginVersion });
  }
  return found;
}

/** Starts a rollout of `plan.version` (one at a time per plugin): its first tick starts wave 1. */
export async function startRolloutOf(
  deps: ManageDeps,
  ask: RolloutAsk & { readonly body: Unvalidated<Omit<RolloutPlan, 'pluginId'>> },
): Promise<Rollout> {
  const context = { traceId: ask.traceId, target: targetOf(ask.pluginId) };
  await guard(deps).authorize(ask.principal, 'catalog.rollout', { pluginId: ask.pluginId }, context);
  const plan: RolloutPlan = { ...ask.body.parse(ask.body.raw), pluginId: ask.pluginId };
  if (!(await deps.catalog.getManifest(plan.pluginId, plan.version))) {
    throw new NotFoundError(`Plugin ${plan.pluginId}@${plan.version} is not in the catalog.`);
  }
  const previous = await deps.rollouts.get(plan.pluginId);
  const rollout = startRollout(
    plan,
    await installedFor(deps, plan),
    previous,
    ask.principal.kind === 'plugin' ? ask.principal.installationId : ask.principal.subject,
    deps.now(),
  );
  const saved = await deps.rollouts.save(rollout);
  await guard(deps).record(ask.principal, 'catalog.rollout.started', {
    ...context,
    reasons: [
      `rollout of ${plan.pluginId}@${plan.version} over ${saved.members.length} installation(s) in ${plan.waves.length} wave(s)`,
    ],
    details: { version: plan.version, rev: saved.rev },
  });
  // After the record: a start that cannot be driven is a 5xx, and the stored rollout waits for a
  // resume (or a second start of the runner) rather than being lost.
  await deps.rolloutDriver.drive(saved);
  return saved;
}

/** A plugin's latest rollout; a 404 when it never had one. */
export async function rolloutStatus(deps: ManageDeps, ask: RolloutAsk): Promise<Rollout> {
  await guard(deps).authorize(
    ask.principal,
    'catalog.rollout.read',
    { pluginId: ask.pluginId },
    { traceId: ask.traceId, target: targetOf(ask.pluginId) },
  );
  const rollout = await deps.rollouts.get(ask.pluginId);
  if (!rollout) throw new NotFoundError(`Plugin ${ask.pluginId} has no rollout.`);
  return rollout;
}

/** How often a command is given again on the rollout a tick wrote meanwhile, before it gives up. */
const COMMAND_TRIES = 3;

/**
 * Pause, resume, halt or roll back, written on the revision read. A tick that wrote first only
 * moved the rollout on a step, so the command is judged again on what it wrote (a 409 if it no
 * longer fits the phase); an operator pressing pause is not told to retry by hand.
 */
export async function controlRollout(
  deps: ManageDeps,
  ask: RolloutAsk & { readonly command: RolloutCommand },
): Promise<Rollout> {
  const context = { traceId: ask.traceId, target: targetOf(ask.pluginId), details: { command: ask.command } };
  await guard(deps).authorize(ask.principal, 'catalog.rollout.control', { pluginId: ask.pluginId }, context);
  const by = ask.principal.kind === 'plugin' ? ask.principal.installationId : ask.principal.subject;
  for (let tried = 1; ; tried += 1) {
    const rollout = await deps.rollouts.get(ask.pluginId);
    if (!rollout) throw new NotFoundError(`Plugin ${ask.pluginId} has no rollout.`);
    const next = command(rollout, ask.command, by, deps.now());
    try {
      const saved = await deps.rollouts.save({ ...next, rev: rollout.rev + 1 });
      await guard(deps).record(ask.principal, `catalog.rollout.${ask.command}`, {
        ...context,
        reasons: [`${ask.command}: ${rollout.phase} → ${saved.phase}`],
      });
      // A pause or halt stopped the runner's run; a resume or a rollback needs one again.
      if (STEPPING_PHASES.includes(saved.phase)) await deps.rolloutDriver.drive(saved);
      return saved;
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || tried >= COMMAND_TRIES) throw error;
    }
  }
}
