import type { Command } from 'commander';
import type { SubscriberBody } from '../../functions/wire';
import { api, readProfile, UsageError } from '../client';
import { fail, print, table } from '../output';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const tenantOf = (program: Command) => {
  const profile = readProfile(program.opts());
  if (!profile.tenant)
    throw new UsageError('No tenant: pass --tenant, set VIVIFIED_TENANT, or log in with one.');
  return { profile, tenantId: profile.tenant };
};

/**
 * External subscribers: another account's EventBridge bus that gets copies of the tenant's
 * canonical events of chosen types, redacted to the clearance the tenant admin grants.
 */
export function subscriberCommands(program: Command): void {
  const run =
    (action: (...args: any[]) => Promise<void>) =>
    (...args: any[]) =>
      action(...args).catch(fail);
  const subscribers = program
    .command('subscribers')
    .description('Send the tenant’s events to EventBridge buses in other accounts (tenant admin)');

  subscribers
    .command('list')
    .description('The tenant’s external subscribers')
    .option('--json', 'machine-readable output')
    .action(
      run(async (flags: { json?: boolean }) => {
        const { profile, tenantId } = tenantOf(program);
        const page = await api(profile, 'subscriber.list', { params: { tenantId } });
        print(Boolean(flags.json), page.items, () =>
          page.items.length === 0
            ? 'No external subscribers.'
            : table(
                page.items.map((s) => ({
                  id: s.subscriberId,
                  bus: s.busArn,
                  types: s.types.join(','),
                  view: s.view,
                })),
                ['id', 'bus', 'types', 'view'],
              ),
        );
      }),
    );

  subscribers
    .command('add <busArn>')
    .description('Send events of the given types to a bus (its policy must let this platform put events)')
    .requiredOption('--type <type>', 'a canonical event type, e.g. PatientAdmitted.v1 (repeatable)', collect)
    .option(
      '--clearance <kind>',
      'personal data it may receive: pii or phi (repeatable); default none',
      collect,
    )
    .option('--json', 'machine-readable output')
    .action(
      run(async (busArn: string, flags: { type: string[]; clearance?: string[]; json?: boolean }) => {
        const { profile, tenantId } = tenantOf(program);
        const subscriber = await api(profile, 'subscriber.create', {
          params: { tenantId },
          body: {
            busArn,
            types: flags.type,
            // Sent as typed: the API names a clearance it does not know.
            ...(flags.clearance ? { clearance: flags.clearance as SubscriberBody['clearance'] } : {}),
          },
        });
        print(
          Boolean(flags.json),
          subscriber,
          () =>
            `subscriber ${subscriber.subscriberId}: ${subscriber.types.join(', ')} (view ${subscriber.view}) now go to ${subscriber.busArn}`,
        );
      }),
    );

  subscribers
    .command('remove <subscriberId>')
    .description('Stop sending events to a subscriber')
    .action(
      run(async (subscriberId: string) => {
        const { profile, tenantId } = tenantOf(program);
        await api(profile, 'subscriber.delete', { params: { tenantId, subscriberId } });
        process.stdout.write(`subscriber ${subscriberId} removed; its bus gets no more events\n`);
      }),
    );
}
