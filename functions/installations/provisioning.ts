// Moved to the application layer; cli/dev/platform.ts (another engineer's file) still imports it from here.
export { type Provisioning, pluginEnvironment, provisioning } from '../../application/lifecycle/provisioning';
