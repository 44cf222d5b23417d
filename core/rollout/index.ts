export { advance } from './advance';
export { commandFits, commandsFor } from './command-phases';
export { command, type RolloutCommand, startRollout } from './commands';
export { attemptOf, countFailedUpgrades, type FailedUpgrades, MAX_UPGRADE_ATTEMPTS } from './failures';
export { failedGate } from './gates';
export {
  nextOfRun,
  type Pace,
  paceOf,
  type RunnerNext,
  type RunnerPosition,
  STEP_SECONDS,
  STEPPING_PHASES,
  STEPS_PER_RUN,
} from './pace';
export { type Installed, planMembers, tenantPercentile } from './targets';
export * from './types';
export { ROLLOUT_COMMANDS } from './types';
