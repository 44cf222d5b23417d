import { randomUUID } from 'node:crypto';
import {
  type CanonicalEvent,
  classificationOf,
  isKnownEventType,
  redact,
  type SubscriberClearance,
  sealEventData,
  stampEvent,
  toPutEventsEntry,
  withheldFields,
} from '../../core/canonical';
import { type FieldError, ValidationError } from '../../core/errors';
import type { ManifestAuditLevel } from '../../core/manifest/types';
import type { Obligations, PluginPrincipal } from '../../core/policy';
import { higherDetail } from '../../core/policy/audit-detail';
import type { CanonicalBus, RateAdmission } from '../../core/ports';
import type { AuditAppender } from '../guard';
import { guard } from '../guard';
import type { Counter } from '../observability';
import { countLaneCall, enforceAdmission, type LaneLimits } from './rate-limit';
import type { TenantSubscribers } from './subscriber-views';

export interface CanonicalPublishDeps extends LaneLimits {
  readonly audit: AuditAppender;
  /** Where the events go: EventBridge deployed. */
  readonly bus: CanonicalBus;
  /** The bus's name, which every entry carries. */
  readonly busName: string;
  /** The tenant's subscriber views and the audit detail they ask for (./subscriber-views). */
  readonly viewsOf: (tenantId: string) => Promise<TenantSubscribers>;
  readonly metrics?: Counter;
  readonly now: () => Date;
}

/** One event as a plugin publishes it. */
export interface EventToPublish {
  readonly type: string;
  readonly data: Record<string, unknown>;
  /** The publisher's id for the event, for deduplication; generated when absent. */
  readonly id?: string;
}

/** What became of one event: on the bus for each subscriber view, or not, and why. */
export type PublishOutcome = {
  readonly id: string;
  readonly type: string;
  readonly deliveredViews: readonly string[];
} & ({ readonly status: 'published' } | { readonly status: 'failed'; readonly reasons: readonly string[] });

/** A batch of events from one authenticated plugin (./plugin-principal). */
export interface CanonicalPublishInput {
  readonly principal: PluginPrincipal;
  readonly traceId: string;
  readonly events: readonly EventToPublish[];
}

/**
 * Canonical publish: decide per event (type declared, classification within the
 * publisher's) → validate data against the canonical schema → stamp → one redacted copy per
 * subscriber view → onto the bus, reporting every entry's outcome. A batch is decided and
 * validated whole before anything is put.
 *
 * Redaction happens here, before the bus, rather than in a per-rule input transformer: an input
 * transformer cannot drop fields by schema annotation, and a copy per clearance view means data a
 * subscriber may not see never even enters the path to its queue.
 */
export async function canonicalPublish(
  deps: CanonicalPublishDeps,
  { principal, traceId, events }: CanonicalPublishInput,
): Promise<{ readonly results: readonly PublishOutcome[]; readonly anyFailed: boolean }> {
  const policy = guard(deps);
  // A batch counts as its events, so batching cannot multiply what a plugin may publish.
  const limited = {
    principal,
    lane: 'canonical' as const,
    action: 'canonical.publish',
    traceId,
    target: { kind: 'event', id: [...new Set(events.map((e) => e.type))].join(',') },
    cost: events.length,
  };
  let admission: RateAdmission = { admitted: true };
  // Ids are the publisher's or ours, fixed now so the decision's record can name each event.
  const ids = events.map((event) => event.id ?? randomUUID());
  // Held per container (./subscriber-views): on a warm path this costs no round trip.
  const { views, detail } = await deps.viewsOf(principal.tenantId);
  const viewsFor = (type: string) => views.get(type) ?? new Map<string, SubscriberClearance>();
  // What the publisher's or a subscriber's audit level asks for beyond the decision: each event's
  // size and the copies it will be sent as, with the fields each leaves out; at complete, the names
  // of its data's fields. Never a value: the data may be PHI.
  const delivery = (asked: Obligations['detail']) => {
    const level = events.reduce<ManifestAuditLevel>(
      (level, event) => higherDetail(level, detail.get(event.type) ?? 'basic'),
      asked ?? 'basic',
    );
    if (level === 'basic') return undefined;
    return {
      delivery: {
        level,
        events: events.map((event, index) => ({
          id: ids[index],
          type: event.type,
          dataBytes: Buffer.byteLength(JSON.stringify(event.data)),
          copies: [...viewsFor(event.type).entries()].map(([view, clearance]) => ({
            view,
            withheld: withheldFields(event.type, clearance),
          })),
          ...(level === 'complete' ? { dataFields: Object.keys(event.data).sort() } : {}),
        })),
      },
    };
  };
  for (const [index, event] of events.entries()) {
    const target = { kind: 'event', id: event.type };
    if (!isKnownEventType(event.type)) {
      await policy.refuse({
        kind: 'policy',
        principal,
        action: 'canonical.publish',
        traceId: traceId,
        target,
        reasons: [`${event.type} is not a canonical event type`],
      });
    }
    // Once every event before the last is allowed, the batch is counted against its limits while
    // the last decision's record is written (one round trip for both).
    const last = index === events.length - 1;
    [, admission] = await policy.authorizeAlongside(
      principal,
      'canonical.publish',
      { tenantId: principal.tenantId, eventType: event.type, classification: classificationOf(event.type) },
      {
        traceId: traceId,
        target,
        // The last record says where the batch will go when the publisher's or a subscriber's
        // audit level asks for it: said before the bus is asked, in the same write, so a detailed
        // publish waits on no more round trips than a basic one.
        describe: last ? ({ obligations }) => delivery(obligations.detail) : undefined,
      },
      async () => (last ? countLaneCall(deps, limited) : admission),
    );
  }
  await enforceAdmission(deps, limited, admission);
  // Sealed once here: stamping and every subscriber's redaction reuse this check and this copy.
  const checks = events.map((event) => sealEventData(event.type, event.data));
  const errors: FieldError[] = checks.flatMap((check, index) =>
    check.ok ? [] : check.errors.map((e) => ({ ...e, pointer: `/events/${index}${e.pointer}` })),
  );
  if (errors.length > 0) throw new ValidationError('The events are invalid.', errors);
  const sealed = checks.flatMap((check) => (check.ok ? [check.data] : []));

  const time = deps.now().toISOString();
  // Stamping checks the envelope fields; its errors point into the event, so they are moved to
  // the event's place in the batch, and every event's are reported together.
  const stampErrors: FieldError[] = [];
  const stamped: CanonicalEvent[] = events.flatMap((event, index) => {
    try {
      return [
        stampEvent({
          id: ids[index]!,
          type: event.type,
          data: sealed[index],
          tenantId: principal.tenantId,
          installationId: principal.installationId,
          pluginId: principal.pluginId,
          traceId: traceId,
          time,
        }),
      ];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      stampErrors.push(...error.errors.map((e) => ({ ...e, pointer: `/events/${index}${e.pointer}` })));
      return [];
    }
  });
  if (stampErrors.length > 0) throw new ValidationError('The events are invalid.', stampErrors);
  const entries = stamped.flatMap((event, index) =>
    [...viewsFor(event.type).entries()].map(([view, clearance]) => {
      const copy = redact(event, clearance);
      return {
        index,
        view,
        redacted: copy.redacted,
        entry: toPutEventsEntry(copy.event, deps.busName, { view, redacted: copy.redacted }),
      };
    }),
  );
  const outcomes = await deps.bus.put(entries.map((e) => e.entry));
  const results: PublishOutcome[] = stamped.map((event, index) => {
    const mine = outcomes.filter((o) => entries[o.index]!.index === index);
    const failed = mine.filter((o) => !o.ok);
    return {
      id: event.id,
      type: event.type,
      deliveredViews: mine.filter((o) => o.ok).map((o) => entries[o.index]!.view),
      ...(failed.length
        ? { status: 'failed' as const, reasons: failed.map((o) => (o.ok ? '' : o.reason)) }
        : { status: 'published' as const }),
    };
  });
  const undelivered = results.filter((r) => r.status === 'failed');
  if (undelivered.length > 0) {
    // The decision's record said where every copy would go; what did not get there is said here.
    await policy.record(principal, 'canonical.publish.completed', {
      traceId,
      target: limited.target,
      reasons: undelivered.map(
        (r) => `${r.type} ${r.id} failed: ${r.status === 'failed' ? r.reasons.join('; ') : ''}`,
      ),
      details: {
        events: undelivered.map((r) => ({
          id: r.id,
          type: r.type,
          delivered: r.deliveredViews,
          undelivered: entries
            .filter((entry) => stamped[entry.index]!.id === r.id)
            .map((entry) => entry.view)
            .filter((view) => !r.deliveredViews.includes(view)),
        })),
      },
    });
  }
  deps.metrics?.addMetric(
    'CanonicalEventsPublished',
    'Count',
    results.filter((r) => r.status === 'published').length,
  );
  return { results, anyFailed: results.some((r) => r.status === 'failed') };
}
