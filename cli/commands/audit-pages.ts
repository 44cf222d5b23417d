import type { AuditActorName, AuditPage, AuditQuery, AuditRecord } from '../../functions/wire';
import { api, type Profile } from '../client';

/*
 * Reading a tenant's audit trail page by page, for `vivified audit list|tail|export`: the API's
 * cursor is followed, never guessed, so every record of the range is read exactly once.
 */

/** The filters every audit command takes, as commander hands them over. */
export interface AuditFilterFlags {
  readonly from?: string;
  readonly to?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly decision?: string;
  readonly trace?: string;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time as the API takes it: `30m`, `2h`, `7d` ago, or anything else as given (the API checks it
 * and names the flag's parameter when it is not an instant).
 */
export function instantOf(text: string | undefined, now = Date.now()): string | undefined {
  const relative = text?.match(/^(\d+)([smhd])$/);
  if (!relative) return text;
  return new Date(now - Number(relative[1]) * UNITS[relative[2]!]!).toISOString();
}

/** The query string of the filters given (the empty ones left out). */
export function auditQueryOf(flags: AuditFilterFlags): AuditQuery {
  const query: Record<string, string | undefined> = {
    from: instantOf(flags.from),
    to: instantOf(flags.to),
    actor: flags.actor,
    action: flags.action,
    decision: flags.decision,
    trace: flags.trace,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as AuditQuery;
}

/** One page of the trail. */
export const auditPage = (profile: Profile, query: AuditQuery): Promise<AuditPage> =>
  api(profile, 'audit.read', { params: { tenantId: profile.tenant ?? '' }, query });

/** Every page of a query, following the cursor until the API answers none. */
export async function* auditPages(profile: Profile, query: AuditQuery): AsyncGenerator<AuditPage> {
  let cursor = query.cursor;
  do {
    const page = await auditPage(profile, { ...query, ...(cursor ? { cursor } : {}) });
    yield page;
    cursor = page.cursor;
  } while (cursor);
}

/** Names by actor id, gathered over pages. */
export type ActorNames = Map<string, AuditActorName>;

export const remember = (names: ActorNames, page: AuditPage) => {
  for (const actor of page.actors ?? []) names.set(actor.id, actor);
};

/** How a record's actor reads: its name where the platform knows it, else kind and id. */
export function actorLabel(record: AuditRecord, names: ActorNames): string {
  const known = names.get(record.actor.id);
  if (!known) return `${record.actor.kind}:${record.actor.id}`;
  return known.version ? `${known.name} ${known.version}` : known.name;
}

/** A row of the people's table. */
export const rowOf = (record: AuditRecord, names: ActorNames) => ({
  seq: String(record.seq),
  time: record.time,
  actor: actorLabel(record, names),
  action: record.action,
  decision: record.decision,
  target: `${record.target.kind}:${record.target.id}`,
});

export const COLUMNS = ['seq', 'time', 'actor', 'action', 'decision', 'target'] as const;
