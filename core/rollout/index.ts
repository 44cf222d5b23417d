export { advance } from './advance';
export { commandFits, commandsFor } from './command-phases';
export { command, type RolloutCommand, startRollout } from './commands';
export { attemptOf, countFailedUpgrades, type FailedUpgrades, MAX_UPGRADE_ATTEMPTS } from './failures';
export { failedGate } from './gates';
export { type Installed, planMembers, tenantPercentile } from './targets';
export * from './types';
export { ROLLOUT_COMMANDS } from './types';
