import { ConflictError } from '../errors';
import { commandFits } from './command-phases';
import { type Installed, planMembers } from './targets';
import { FINISHED_PHASES, type Rollout, type RolloutCommand, type RolloutPlan } from './types';

/** An operator's command on a rollout, or the start of one. */
export type { RolloutCommand } from './types';

/** A new rollout over the installations found, unless the plugin's last one is still running. */
export function startRollout(
  plan: RolloutPlan,
  installed: readonly Installed[],
  previous: Rollout | undefined,
  by: string,
  now: Date,
): Rollout {
  if (previous && !FINISHED_PHASES.includes(previous.phase)) {
    throw new ConflictError(
      `A rollout of ${plan.pluginId} (to ${previous.plan.version}) is ${previous.phase}: finish or roll it back first.`,
    );
  }
  const at = now.toISOString();
  return {
    plan,
    members: planMembers(plan, installed),
    phase: 'pending',
    wave: 0,
    startedBy: by,
    startedAt: at,
    updatedAt: at,
    rev: (previous?.rev ?? 0) + 1,
  };
}

const refuse = (rollout: Rollout, command: RolloutCommand): never => {
  throw new ConflictError(
    `A ${rollout.phase} rollout cannot ${command === 'rollback' ? 'roll back' : command}.`,
  );
};

/**
 * An operator's command: pause stops the steps where they are (the soak restarts on resume, since
 * the gates were not watched meanwhile); halt stops for good, leaving installations as they are;
 * rollback returns every member moved so far to its version. The revision is the caller's to bump.
 */
export function command(rollout: Rollout, command: RolloutCommand, by: string, now: Date): Rollout {
  if (!commandFits(command, rollout.phase)) return refuse(rollout, command);
  const updatedAt = now.toISOString();
  switch (command) {
    case 'pause': {
      return { ...rollout, phase: 'paused', resumeTo: rollout.phase as Rollout['resumeTo'], updatedAt };
    }
    case 'resume': {
      const { resumeTo, ...rest } = rollout;
      const phase = resumeTo ?? 'pending';
      const soakSeconds = rollout.plan.waves[rollout.wave]?.soakSeconds ?? 0;
      const soak =
        phase === 'soaking' ? { soakUntil: new Date(now.getTime() + soakSeconds * 1000).toISOString() } : {};
      return { ...rest, ...soak, phase, updatedAt };
    }
    case 'halt': {
      const { resumeTo: _, ...rest } = rollout;
      return { ...rest, phase: 'halted', haltReason: `halted by ${by}`, updatedAt };
    }
    case 'rollback': {
      const { resumeTo: _, ...rest } = rollout;
      return {
        ...rest,
        phase: 'rolling_back',
        haltReason: rollout.haltReason ?? `rolled back by ${by}`,
        updatedAt,
      };
    }
  }
}
