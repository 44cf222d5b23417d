import type { Command } from 'commander';
import type { TenantInput } from '../../functions/wire';
import { api, readProfile, saveProfile, UsageError } from '../client';
import { fail, print, table } from '../output';
import { checkToken, platformKeys, readDevTokens } from './session';

export { devTokensPath } from './session';

export function adminCommands(program: Command): void {
  const run =
    (action: (...args: any[]) => Promise<void>) =>
    (...args: any[]) =>
      action(...args).catch(fail);

  program
    .command('login')
    .description(
      'Save the endpoint, tenant and token to use (locally: a development user from `vivified dev --demo`)',
    )
    .option(
      '--role <role>',
      'development user: platform_admin, admin, plugin_manager, config_manager or audit_viewer',
    )
    .option('--token <token>', 'a bearer ID token (Cognito in AWS)')
    .action(
      run(async (flags: { role?: string; token?: string }) => {
        const current = readProfile(program.opts());
        // `--token` is also the program's option, which commander hands the program wherever it is.
        const given = flags.token ?? (program.opts() as { token?: string }).token;
        if (!flags.role && !given) throw new UsageError('Pass --role (development) or --token.');
        // Before anything is saved: a login that succeeds offline or with stale tokens only
        // postpones the failure to the first real command.
        const jwks = await platformKeys(current.endpoint);
        let token = given!;
        let tenant = current.tenant;
        if (flags.role) {
          const dev = readDevTokens();
          const found = dev.tokens[flags.role];
          if (!found)
            throw new UsageError(
              `No development user with role ${flags.role}; the roles are: ${Object.keys(dev.tokens).join(', ')}.`,
            );
          token = found;
          tenant = flags.role === 'platform_admin' ? tenant : dev.tenant;
        }
        await checkToken(token, jwks);
        saveProfile({ endpoint: current.endpoint, tenant, token });
        process.stdout.write(`logged in to ${current.endpoint}${tenant ? ` (tenant ${tenant})` : ''}\n`);
      }),
    );

  const tenants = program.command('tenants').description('The tenant registry (platform admin)');
  tenants
    .command('create <tenantId>')
    .requiredOption('--name <name>')
    .option('--tier <tier>', 'standard or enterprise')
    .option('--key-mode <mode>', 'shared or dedicated')
    .action(
      run(async (tenantId: string, flags: { name: string; tier?: string; keyMode?: string }) => {
        const tenant = await api(readProfile(program.opts()), 'tenant.create', {
          body: {
            id: tenantId,
            name: flags.name,
            // Sent as typed: the API names a tier or key mode it does not know.
            ...(flags.tier ? { tier: flags.tier as TenantInput['tier'] } : {}),
            ...(flags.keyMode ? { keyMode: flags.keyMode as TenantInput['keyMode'] } : {}),
          },
        });
        process.stdout.write(`tenant ${tenant.id} created (${tenant.tier}, ${tenant.keyMode} key)\n`);
      }),
    );
  tenants
    .command('list')
    .option('--json', 'machine-readable output')
    .action(
      run(async (flags: { json?: boolean }) => {
        const page = await api(readProfile(program.opts()), 'tenant.list', { query: { limit: '100' } });
        print(Boolean(flags.json), page.items, () =>
          table(page.items, ['id', 'name', 'tier', 'keyMode', 'status']),
        );
      }),
    );
  tenants
    .command('show <tenantId>')
    .option('--json', 'machine-readable output')
    .action(
      run(async (tenantId: string, flags: { json?: boolean }) => {
        const tenant = await api(readProfile(program.opts()), 'tenant.read', { params: { tenantId } });
        print(Boolean(flags.json), tenant, () =>
          table([tenant], ['id', 'name', 'tier', 'keyMode', 'status', 'createdAt']),
        );
      }),
    );
}
