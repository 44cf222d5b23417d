import type { DevUser } from '../../adapters/identity/dev-issuer';

/**
 * The demo tenant `vivified dev --demo` seeds. Here, beside its people, rather than with the
 * seeding: the console server offers these users, and it must not depend on what starts it.
 */
export const DEMO_TENANT = 'demo-clinic';

/** A person the console's development sign-in offers, with the Cognito groups they would have. */
export interface ConsoleUser extends DevUser {
  readonly id: string;
  readonly name: string;
}

/**
 * The demo tenant's people. Roles are exactly the seed's table; as in a real Cognito pool, people
 * hold several groups: the plugin and config managers are also tenant admins, because the
 * marketplace and the installation list need `admin`. The audit viewer holds that role only.
 */
export const CONSOLE_USERS: readonly ConsoleUser[] = [
  { id: 'ada', name: 'Ada (tenant admin)', subject: 'ada-admin', tenantId: DEMO_TENANT, roles: ['admin'] },
  {
    id: 'pat',
    name: 'Pat (plugin manager)',
    subject: 'pat-plugin-manager',
    tenantId: DEMO_TENANT,
    roles: ['admin', 'plugin_manager'],
  },
  {
    id: 'cam',
    name: 'Cam (config manager)',
    subject: 'cam-config-manager',
    tenantId: DEMO_TENANT,
    roles: ['admin', 'config_manager'],
  },
  {
    id: 'avi',
    name: 'Avi (audit viewer)',
    subject: 'avi-audit-viewer',
    tenantId: DEMO_TENANT,
    roles: ['audit_viewer'],
  },
  { id: 'ops', name: 'Ops (platform operator)', subject: 'platform-operator', platformAdmin: true },
];
