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
  // One publisher, one manifest: every event's decision asks for the same detail.
  let asked: Obligations['detail'];
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
    let decision: { readonly obligations: Obligations };
    [decision, admission] = await policy.authorizeAlongside(
      principal,
      'canonical.publish',
      { tenantId: principal.tenantId, eventType: event.type, classification: classificationOf(event.type) },
      { traceId: traceId, target },
      async () => (last ? countLaneCall(deps, limited) : admission),
    );
    asked = decision.obligations.detail;
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
          id: event.id ?? randomUUID(),
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
  const { views, detail } = await deps.viewsOf(principal.tenantId);
  const entries = stamped.flatMap((event, index) =>
    [...(views.get(event.type) ?? new Map<string, SubscriberClearance>()).entries()].map(
      ([view, clearance]) => {
        const copy = redact(event, clearance);
        return {
          index,
          view,
          redacted: copy.redacted,
          entry: toPutEventsEntry(copy.event, deps.busName, { view, redacted: copy.redacted }),
        };
      },
    ),
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
  const level = stamped.reduce<ManifestAuditLevel>(
    (level, event) => higherDetail(level, detail.get(event.type) ?? 'basic'),
    asked ?? 'basic',
  );
  if (level !== 'basic') {
    // What the publisher's or a subscriber's audit level asks for beyond the decision: each event's
    // size and where its copies went with what was redacted from each; at complete, the names of
    // its data's fields. Never a value: the data may be PHI.
    await policy.record(principal, 'canonical.publish.completed', {
      traceId,
      target: limited.target,
      reasons: results.map((r) => `${r.type} ${r.id} ${r.status} to ${r.deliveredViews.length} view(s)`),
      details: {
        level,
        events: stamped.map((event, index) => ({
          id: event.id,
          type: event.type,
          dataBytes: Buffer.byteLength(JSON.stringify(events[index]!.data)),
          status: results[index]!.status,
          copies: entries
            .filter((entry) => entry.index === index)
            .map((entry) => {
              const outcome = outcomes.find((o) => entries[o.index] === entry);
              return {
                view: entry.view,
                redacted: entry.redacted,
                delivered: outcome?.ok === true,
              };
            }),
          ...(level === 'complete' ? { dataFields: Object.keys(events[index]!.data).sort() } : {}),
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
