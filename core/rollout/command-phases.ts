import { ROLLOUT_COMMANDS, type RolloutCommand, type RolloutPhase } from './types';

const MOVING: readonly RolloutPhase[] = ['pending', 'upgrading', 'soaking'];

/**
 * The phases each command fits; the API refuses the others with a 409, and the console offers a
 * command only where it fits, from this one table. Imports nothing but types, so the browser
 * bundle can take it without the rest of core/rollout.
 */
const FITS: Readonly<Record<RolloutCommand, readonly RolloutPhase[]>> = {
  pause: MOVING,
  resume: ['paused'],
  halt: [...MOVING, 'paused'],
  // Anything but a rollback already under way or done: a completed rollout can still be undone.
  rollback: [...MOVING, 'paused', 'completed', 'halted'],
};

export const commandFits = (command: RolloutCommand, phase: RolloutPhase): boolean =>
  FITS[command].includes(phase);

/** The commands a rollout in `phase` takes, in the order the CLI and console list them. */
export const commandsFor = (phase: RolloutPhase): RolloutCommand[] =>
  ROLLOUT_COMMANDS.filter((command) => commandFits(command, phase));
