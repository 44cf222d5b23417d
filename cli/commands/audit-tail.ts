import type { AuditQuery, AuditRecord } from '../../functions/wire';
import type { Profile } from '../client';
import { type ActorNames, auditPage, auditPages, remember } from './audit-pages';

export interface TailOptions {
  /** Records shown before following. */
  readonly lines: number;
  readonly follow: boolean;
  readonly intervalMs: number;
  /** Called with each batch of records, oldest first. */
  readonly show: (records: readonly AuditRecord[], names: ActorNames) => void;
  /** Resolves when following should end (SIGINT). */
  readonly stopped: Promise<void>;
}

/**
 * Records appended by writers whose clocks lag ours by up to this long are still found: each poll
 * reads from this long before the newest record seen, and shows only records past its seq.
 */
const CLOCK_SLACK_MS = 5_000;

/**
 * `vivified audit tail`: the newest `lines` records, oldest first; then, following, every newer
 * record as it is appended, by polling the trail from the newest time seen (the API has no push).
 * Each poll is itself decided and recorded (`audit.read`); those records carry the tail's own trace
 * id (`profile.correlationId`) and are not shown, or the tail would mostly show itself.
 */
export async function tailAudit(profile: Profile, query: AuditQuery, options: TailOptions): Promise<void> {
  const names: ActorNames = new Map();
  const own = (r: AuditRecord) => profile.correlationId !== undefined && r.traceId === profile.correlationId;
  // One more than shown: this very read is the newest record, and is the tail's own.
  const newest = await auditPage(profile, { ...query, order: 'newest', limit: String(options.lines + 1) });
  remember(names, newest);
  const shown = newest.items
    .filter((r) => !own(r))
    .slice(0, options.lines)
    .reverse();
  options.show(shown, names);
  if (!options.follow) return;
  let last: AuditRecord | undefined = newest.items[0];
  let stop = false;
  void options.stopped.then(() => {
    stop = true;
  });
  while (!stop) {
    await Promise.race([new Promise((resolve) => setTimeout(resolve, options.intervalMs)), options.stopped]);
    if (stop) break;
    const since = last ? new Date(Date.parse(last.time) - CLOCK_SLACK_MS).toISOString() : query.from;
    const fresh: AuditRecord[] = [];
    for await (const page of auditPages(profile, {
      ...query,
      order: 'oldest',
      limit: '100',
      ...(since ? { from: since } : {}),
    })) {
      remember(names, page);
      fresh.push(...page.items.filter((r) => r.seq > (last?.seq ?? 0)));
    }
    fresh.sort((a, b) => a.seq - b.seq);
    const others = fresh.filter((r) => !own(r));
    if (others.length > 0) options.show(others, names);
    last = fresh.at(-1) ?? last;
  }
}
