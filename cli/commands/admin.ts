import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { TenantInput } from '../../functions/wire';
import { api, readProfile, saveProfile } from '../client';
import { fail, print, table } from '../output';

/** Where `vivified dev --demo` leaves the development users' tokens for `vivified login`. */
export const devTokensPath = () => join(process.cwd(), '.localstack', 'dev-tokens.json');

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
        let token = flags.token;
        let tenant = current.tenant;
        if (flags.role) {
          const dev = JSON.parse(readFileSync(devTokensPath(), 'utf8')) as {
            tenant: string;
            tokens: Record<string, string>;
          };
          token = dev.tokens[flags.role];
          if (!token)
            throw new Error(
              `No development user with role ${flags.role}; run \`vivified dev --demo\` first.`,
            );
          tenant = flags.role === 'platform_admin' ? tenant : dev.tenant;
        }
        if (!token) throw new Error('Pass --role (development) or --token.');
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
