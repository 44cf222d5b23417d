import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { type AuditRecord, verifyChain } from '../../core/audit';
import type { AuditPage } from '../../functions/wire';
import { api, readProfile } from '../client';
import { fail, print, table } from '../output';
import {
  type ActorNames,
  type AuditFilterFlags,
  auditPage,
  auditPages,
  auditQueryOf,
  COLUMNS,
  remember,
  rowOf,
} from './audit-pages';
import { tailAudit } from './audit-tail';

const run =
  (action: (...args: any[]) => Promise<void>) =>
  (...args: any[]) =>
    action(...args).catch(fail);

const count = (name: string, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(`${name} must be an integer from 1 to ${max}.`);
  return value;
};

const FROM = ['--from <time>', 'at or after this ISO 8601 time, or this long ago: 30m, 2h, 7d'] as const;

/** The filters of every audit command that reads the trail; `from` required where a range must start. */
function filtered(command: Command, fromRequired = false): Command {
  return (fromRequired ? command.requiredOption(...FROM) : command.option(...FROM))
    .option('--to <time>', 'at or before this ISO 8601 time, or this long ago')
    .option('--actor <id>', "a user's subject or a plugin's installation id")
    .option('--action <action>', 'an action, or every action with a prefix: installation.*')
    .option('--decision <allow|deny>')
    .option('--trace <id>', 'the records of one request');
}

const human = (records: readonly AuditRecord[], names: ActorNames) =>
  table(
    records.map((r) => rowOf(r, names)),
    COLUMNS,
  );

export function auditCommands(program: Command): void {
  const audit = program.command('audit').description('The tenant’s audit trail');

  filtered(audit.command('list'))
    .description('Audit records, newest first, a page at a time')
    .option('--limit <n>', 'records per page, 1 to 100 (the API answers 25 otherwise)', count('--limit', 100))
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--all', 'every page, following the cursor to the end')
    .option('--oldest', 'oldest first (chain order) instead')
    .option('--json', 'machine-readable output: the page (items, actors, cursor), or with --all every item')
    .action(
      run(
        async (
          flags: AuditFilterFlags & {
            limit?: string;
            cursor?: string;
            all?: boolean;
            oldest?: boolean;
            json?: boolean;
          },
        ) => {
          const profile = readProfile(program.opts());
          const query = {
            ...auditQueryOf(flags),
            order: flags.oldest ? ('oldest' as const) : ('newest' as const),
            ...(flags.limit ? { limit: flags.limit } : {}),
            ...(flags.cursor ? { cursor: flags.cursor } : {}),
          };
          const names: ActorNames = new Map();
          if (!flags.all) {
            const page = await auditPage(profile, query);
            remember(names, page);
            print(Boolean(flags.json), page, () => human(page.items, names));
            // On stderr, so the table stays the whole of stdout.
            if (page.cursor && !flags.json)
              process.stderr.write(`more: vivified audit list --cursor ${page.cursor} (or --all)\n`);
            return;
          }
          const items: AuditRecord[] = [];
          let pages = 0;
          for await (const page of auditPages(profile, query)) {
            remember(names, page);
            items.push(...page.items);
            pages++;
          }
          print(Boolean(flags.json), { items, actors: [...names.values()] } satisfies AuditPage, () =>
            human(items, names),
          );
          if (!flags.json) process.stderr.write(`${items.length} records in ${pages} pages\n`);
        },
      ),
    );

  filtered(audit.command('tail'))
    .description('The newest records, oldest of them first; with --follow, each new one as it is appended')
    .option('-n, --lines <n>', 'records shown before following', count('--lines', 99), '10')
    .option('-f, --follow', 'keep polling for newer records until interrupted (Ctrl-C)')
    .option('--interval <seconds>', 'seconds between polls', count('--interval', 3600), '2')
    .action(
      run(async (flags: AuditFilterFlags & { lines: string; follow?: boolean; interval: string }) => {
        // One trace id for the tail's own polls: their audit records are recognised and not shown.
        const profile = { ...readProfile(program.opts()), correlationId: `vivified-tail-${randomUUID()}` };
        const stopped = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
        let header = true;
        await tailAudit(profile, auditQueryOf(flags), {
          lines: Number(flags.lines),
          follow: Boolean(flags.follow),
          intervalMs: Number(flags.interval) * 1000,
          stopped,
          show: (records, names) => {
            if (records.length === 0) return;
            const lines = human(records, names).split('\n');
            process.stdout.write(`${(header ? lines : lines.slice(1)).join('\n')}\n`);
            header = false;
          },
        });
        // Interrupted while following is how a tail ends: a clean exit, not a failure.
        process.exit(0);
      }),
    );

  filtered(audit.command('export'), true)
    .description(
      'Every record of a time range, oldest first, as JSON lines: each record as stored, to re-verify',
    )
    .option('--output <file>', 'write to this file (which must not exist) instead of stdout')
    .action(
      run(async (flags: AuditFilterFlags & { output?: string }) => {
        const profile = readProfile(program.opts());
        const query = { ...auditQueryOf(flags), order: 'oldest' as const, limit: '100' };
        // 'wx': an export never overwrites evidence already written.
        const out = flags.output ? createWriteStream(flags.output, { flags: 'wx' }) : process.stdout;
        if (flags.output) await once(out, 'open');
        let written = 0;
        for await (const page of auditPages(profile, query)) {
          for (const record of page.items) {
            if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
            written++;
          }
        }
        if (flags.output) {
          out.end();
          await once(out, 'finish');
        }
        process.stderr.write(`exported ${written} records${flags.output ? ` to ${flags.output}` : ''}\n`);
      }),
    );

  audit
    .command('verify')
    .description('Verify the tenant’s chain from storage, or an export offline (--file)')
    .option('--full', 'every record from the genesis, not only those since the last anchored checkpoint')
    .option(
      '--file <export>',
      'verify the links of a `vivified audit export` file instead (no platform needed)',
    )
    .option('--json', 'machine-readable output')
    .action(
      run(async (flags: { full?: boolean; file?: string; json?: boolean }) => {
        if (flags.file) return verifyExport(flags.file, Boolean(flags.json));
        const profile = readProfile(program.opts());
        const result = await api(profile, 'audit.verify', {
          params: { tenantId: profile.tenant ?? '' },
          ...(flags.full ? { query: { full: 'true' as const } } : {}),
        });
        print(Boolean(flags.json), result, () =>
          result.ok
            ? `chain intact: ${result.count} records verified${
                result.checkpoint
                  ? ` since the anchored checkpoint at ${result.checkpoint.seq}`
                  : ' from the genesis'
              }`
            : `chain BROKEN at record ${result.brokenAt.seq}: ${result.brokenAt.reason}`,
        );
        if (!result.ok) process.exitCode = 1;
      }),
    );
}

/**
 * An export's records in seq order, each rehashed and linked to the one before (core's
 * verifyChain). A range that starts after the genesis continues the `prevHash` of its first
 * record: that hash is what to compare with the previous export's last `hash` or with an anchored
 * checkpoint's `head` (docs/audit.md).
 */
function verifyExport(file: string, json: boolean) {
  const records = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditRecord)
    .sort((a, b) => a.seq - b.seq);
  const first = records[0];
  const result =
    first === undefined || first.seq === 1
      ? verifyChain(records)
      : verifyChain(records, { tenantId: first.tenantId, seq: first.seq - 1, hash: first.prevHash });
  const span = first ? { from: first.seq, to: records.at(-1)!.seq, after: first.prevHash } : undefined;
  print(json, { ...result, ...(span ? { span } : {}) }, () =>
    result.ok
      ? `export intact: ${result.count} records${
          span
            ? `, seq ${span.from}–${span.to}, continuing ${span.after.slice(0, 16)}…, head ${result.head}`
            : ''
        }`
      : `export BROKEN at record ${result.brokenAt.seq}: ${result.brokenAt.reason}`,
  );
  if (!result.ok) process.exitCode = 1;
}
